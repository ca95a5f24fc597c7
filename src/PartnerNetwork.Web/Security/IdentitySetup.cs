using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace PartnerNetwork.Web.Security;

public static class IdentitySetup
{
    public const int PasswordMinLength = 12;
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public static void Configure(IdentityOptions o)
    {
        // Staff handle data about vulnerable families: long passwords, and lockout against guessing.
        o.Password.RequiredLength = PasswordMinLength;
        o.Password.RequireDigit = true;
        o.Password.RequireLowercase = true;
        o.Password.RequireUppercase = true;
        o.Password.RequireNonAlphanumeric = true;
        o.Password.RequiredUniqueChars = 6;
        o.Lockout.AllowedForNewUsers = true;
        o.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
        o.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
        o.User.RequireUniqueEmail = true;
        o.SignIn.RequireConfirmedAccount = false;
    }

    public static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        o.LoginPath = "/Account/SignIn";
        o.LogoutPath = "/Account/SignOut";
        o.AccessDeniedPath = "/Account/AccessDenied";
        o.Cookie.Name = "pn.auth";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        // Shared school computers: a session ends after two idle hours.
        o.ExpireTimeSpan = TimeSpan.FromHours(2);
        o.SlidingExpiration = true;
    }
}
