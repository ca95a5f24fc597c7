using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Mail;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Account;

public class SignInModel(SignInManager<User> signIn, PartnerNetworkDb db, AccountMail mail, IStringLocalizer<SharedResource> L) : PageModel
{
    public const int EmailMaxLength = 254;
    public const int PasswordMaxLength = 200;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect("/") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        // One answer for an unknown e-mail, a wrong password, a deactivated account (or one of a deactivated organisation) and a locked one: the sign-in page never
        // tells whether an account exists. The owner of a locked account is told by e-mail instead.
        var user = await signIn.UserManager.FindByEmailAsync(Input.Email);
        if (user is null || !await db.Users.CanSignIn().AnyAsync(u => u.Id == user.Id))
        {
            // The same work as a real check, so the answer's timing does not tell either.
            signIn.UserManager.PasswordHasher.HashPassword(user ?? new User(), Input.Password);
            return Refuse();
        }

        var wasLocked = await signIn.UserManager.IsLockedOutAsync(user);
        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
            return LocalRedirect(LocalUrl.Safe(Url, ReturnUrl));
        if (result.IsLockedOut && !wasLocked && user.Email is { } email)
        {
            mail.LockedOut(email, (int)IdentitySetup.LockoutDuration.TotalMinutes);
            await db.SaveChangesAsync();
        }
        return Refuse();
    }

    IActionResult Refuse()
    {
        ModelState.AddModelError(string.Empty, L["SignIn.Invalid"]);
        Input.Password = "";
        return Page();
    }

    public class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        [StringLength(EmailMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(PasswordMaxLength, ErrorMessage = "Validation.TooLong")]
        [DataType(DataType.Password)]
        [Display(Name = "Field.Password")]
        public string Password { get; set; } = "";
    }
}
