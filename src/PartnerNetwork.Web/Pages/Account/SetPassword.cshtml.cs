using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Account;

/// <summary>
/// Where a new user, from the link in their e-mail, chooses their own password. The link is one-time: setting the
/// password changes the account's security stamp, which the link's token is bound to.
/// </summary>
public class SetPasswordModel(UserManager<User> users, IStringLocalizer<SharedResource> L) : PageModel
{
    public const int TokenMaxLength = 2000;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public Guid UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    [StringLength(TokenMaxLength)]
    public string? Token { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public bool LinkValid { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await UserAsync();
        LinkValid = user is not null && ModelState.IsValid
                    && await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<User>.ResetPasswordTokenPurpose, Token!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await UserAsync();
        if (user is null || Token is null || Token.Length > TokenMaxLength)
        {
            ModelState.AddModelError(string.Empty, L["SetPassword.LinkInvalid"]);
            return Page();
        }
        LinkValid = true;
        if (Input.Password != Input.Confirm) ModelState.AddModelError("Input.Confirm", L["SetPassword.Mismatch"]);
        if (!ModelState.IsValid) return Page();

        var result = await users.ResetPasswordAsync(user, Token, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                if (error.Code == "InvalidToken") LinkValid = false;
                ModelState.AddModelError(error.Code == "InvalidToken" ? string.Empty : "Input.Password",
                    error.Code == "InvalidToken" ? L["SetPassword.LinkInvalid"] : L["SetPassword.Weak", IdentitySetup.PasswordMinLength]);
            }
            return Page();
        }
        await users.SetLockoutEndDateAsync(user, null);
        StatusMessage = L["SetPassword.Done"];
        return RedirectToPage("/Account/SignIn");
    }

    async Task<User?> UserAsync()
    {
        if (UserId == Guid.Empty || string.IsNullOrEmpty(Token)) return null;
        var user = await users.FindByIdAsync(UserId.ToString());
        return user is { IsActive: true } ? user : null;
    }

    public class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(SignInModel.PasswordMaxLength, ErrorMessage = "Validation.TooLong")]
        [DataType(DataType.Password)]
        [Display(Name = "SetPassword.New")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(SignInModel.PasswordMaxLength, ErrorMessage = "Validation.TooLong")]
        [DataType(DataType.Password)]
        [Display(Name = "SetPassword.Confirm")]
        public string Confirm { get; set; } = "";
    }
}
