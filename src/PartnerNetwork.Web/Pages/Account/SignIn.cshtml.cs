using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Mail;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Account;

public class SignInModel(SignInManager<User> signIn, PartnerNetworkDb db, AccountMail mail, TimeProvider clock, IStringLocalizer<SharedResource> L,
    Microsoft.Extensions.Options.IOptions<PasswordHasherOptions> hashing) : PageModel
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
        var hasher = signIn.UserManager.PasswordHasher;
        // Every answer makes the same queries and the same work, so its timing does not tell either: the sign-in check
        // runs for an unknown address too (on no account); then one password hash is verified (a dummy one when the
        // attempt is refused anyway: Identity answers a locked account without any) and one row is written (the failure
        // count; when refused, the same column rewritten unchanged, since a write that changes no row costs less).
        var allowed = await db.Users.CanSignIn().AnyAsync(u => u.Id == (user == null ? Guid.Empty : user.Id));
        if (user is null || !allowed || await signIn.UserManager.IsLockedOutAsync(user))
        {
            hasher.VerifyHashedPassword(user ?? new User(), DummyHash(hasher), Input.Password);
            await WriteNothingAsync(user?.Id);
            return Refuse();
        }

        var verified = hasher.VerifyHashedPassword(user, user.PasswordHash ?? DummyHash(hasher), Input.Password);
        if (verified != PasswordVerificationResult.Failed && user.PasswordHash is not null)
        {
            // Identity's sign-in checks again, rehashes if needed and resets the count. Counted only after a failed
            // check, so simultaneous right answers can never add up to a lockout.
            var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                // Their own choice, else their CSS's language: an English school board's staff land in English.
                var language = user.PreferredLanguage ?? await db.ServiceCentres.Where(c => c.Id == user.ServiceCentreId)
                    .Select(c => c.Kind == ServiceCentreKind.English ? Cultures.English : null).SingleOrDefaultAsync();
                if (language is not null) Cultures.Remember(Response, language, clock);
                return LocalRedirect(LocalUrl.Safe(Url, ReturnUrl));
            }
            return Refuse();
        }
        // One atomic statement, so parallel guesses cannot overtake the lockout.
        if (await CountFailureAsync(user.Id, user.LockoutEnabled, user.AccessFailedCount) && user.Email is { } email)
        {
            mail.LockedOut(email, (int)IdentitySetup.LockoutDuration.TotalMinutes);
            await db.SaveChangesAsync();
        }
        return Refuse();
    }

    /// <summary>
    /// Counts a failed attempt, locking the account at the limit as Identity does, in one atomic statement (Identity's
    /// own count re-validates the user first, two more queries). True when this attempt locked the account.
    /// </summary>
    async Task<bool> CountFailureAsync(Guid userId, bool lockoutEnabled, int failedSoFar)
    {
        if (!lockoutEnabled) return false;
        var lockedUntil = clock.GetUtcNow() + IdentitySetup.LockoutDuration;
        const int last = IdentitySetup.MaxFailedAttempts - 1;
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.LockoutEnd, u => u.AccessFailedCount >= last ? lockedUntil : u.LockoutEnd)
            .SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount >= last ? 0 : u.AccessFailedCount + 1));
        return failedSoFar >= last;
    }

    /// <summary>A real write that changes nothing: the account's own row, or for an unknown address the first account's.</summary>
    Task WriteNothingAsync(Guid? userId) => (userId is { } id
            ? db.Users.Where(u => u.Id == id)
            : db.Users.Where(u => u.Id == db.Users.OrderBy(x => x.Id).Select(x => x.Id).First()))
        .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount));

    // One per strength: the dummy must cost what a real account's hash costs under the app's own settings.
    static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> dummyHashes = new();

    /// <summary>A hash of a random password made with the app's hasher and settings, so verifying against it costs what a real check costs.</summary>
    string DummyHash(IPasswordHasher<User> hasher) => dummyHashes.GetOrAdd(hashing.Value.IterationCount,
        _ => hasher.HashPassword(new User(), Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))));

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
