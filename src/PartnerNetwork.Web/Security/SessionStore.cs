using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Security;

/// <summary>
/// Sessions kept in the database (<see cref="UserSession"/>); the authentication cookie carries only a random key.
/// Why not the default self-contained cookie: a copy of it stays valid until it expires, whatever happens on the
/// server. Here signing out deletes the session row, deactivating a user deletes all of theirs, and every request
/// looks its session up together with the user's active flag and their organisation's — one indexed query — so a replayed
/// cookie, or the open session of a deactivated user (admins included) or of a deactivated organisation's staff, is refused at once. Several web instances share the table.
/// </summary>
public sealed class SessionStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock) : ITicketStore
{
    readonly IDataProtector protector = protection.CreateProtector("PartnerNetwork.Sessions");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(UserSession.KeyMaxLength / 2));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
        db.Sessions.Add(new UserSession
        {
            Key = key, UserId = UserIdOf(ticket), Ticket = Serialize(ticket), CreatedAt = clock.GetUtcNow().UtcDateTime,
            ExpiresAt = ticket.Properties.ExpiresUtc?.UtcDateTime,
        });
        await db.SaveChangesAsync();
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
        var bytes = Serialize(ticket);
        var expires = ticket.Properties.ExpiresUtc?.UtcDateTime;
        await db.Sessions.Where(s => s.Key == key).ExecuteUpdateAsync(s => s.SetProperty(x => x.Ticket, bytes).SetProperty(x => x.ExpiresAt, expires));
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var stored = await db.Sessions.AsNoTracking()
            .Where(s => s.Key == key && (s.ExpiresAt == null || s.ExpiresAt > now) && db.Users.CanSignIn().Any(u => u.Id == s.UserId))
            .Select(s => s.Ticket).SingleOrDefaultAsync();
        if (stored is null) return null;
        try
        {
            return TicketSerializer.Default.Deserialize(protector.Unprotect(stored));
        }
        catch (CryptographicException)
        {
            return null; // keys rotated or lost: the person signs in again
        }
    }

    public async Task RemoveAsync(string key)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
        await db.Sessions.Where(s => s.Key == key).ExecuteDeleteAsync();
    }

    /// <summary>Ends every session of a user at once (deactivation, new role or schools).</summary>
    public static Task<int> EndAllAsync(PartnerNetworkDb db, Guid userId) => db.Sessions.Where(s => s.UserId == userId).ExecuteDeleteAsync();

    byte[] Serialize(AuthenticationTicket ticket) => protector.Protect(TicketSerializer.Default.Serialize(ticket));

    static Guid UserIdOf(AuthenticationTicket ticket) =>
        Guid.TryParse(ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("A session needs a signed-in user.");
}

/// <summary>Puts the session store on Identity's application cookie (it needs services, so it is set after they exist).</summary>
public sealed class UseSessionStore(SessionStore store) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        if (name == Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme) options.SessionStore = store;
    }
}

public static class SignInRules
{
    /// <summary>Active users, whose organisation (if any) is active too: partner staff of a deactivated organisation reach nothing.</summary>
    public static IQueryable<User> CanSignIn(this IQueryable<User> users) => users.Where(u => u.IsActive && (u.OrganizationId == null || u.Organization!.IsActive));
}
