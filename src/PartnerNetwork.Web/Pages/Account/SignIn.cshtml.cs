using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;

namespace PartnerNetwork.Web.Pages.Account;

public class SignInModel(SignInManager<User> signIn, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect("/") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        var user = await signIn.UserManager.FindByEmailAsync(Input.Email);
        // Same answer for an unknown e-mail, a wrong password and a deactivated account: no account discovery.
        if (user is null || !user.IsActive)
            return Refuse(L["SignIn.Invalid"]);

        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        return Refuse(result.IsLockedOut ? L["SignIn.LockedOut"] : L["SignIn.Invalid"]);
    }

    IActionResult Refuse(string message)
    {
        ModelState.AddModelError(string.Empty, message);
        Input.Password = "";
        return Page();
    }

    public class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        [StringLength(254, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(200, ErrorMessage = "Validation.TooLong")]
        [DataType(DataType.Password)]
        [Display(Name = "Field.Password")]
        public string Password { get; set; } = "";
    }
}
