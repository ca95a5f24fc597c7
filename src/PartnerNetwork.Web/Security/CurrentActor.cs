using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Security;

/// <summary>
/// The signed-in user as an <see cref="Actor"/>. Their attachments (CSS, organisation, schools) are read from the
/// database once per security stamp: changing any of them changes the stamp and ends the user's sessions
/// (Security/Accounts), so the next sign-in carries a new stamp and reads them afresh on every instance. Whether the
/// user is still active is checked with the session on every request (<see cref="SessionStore"/>).
/// </summary>
public sealed class CurrentActor(IHttpContextAccessor http, PartnerNetworkDb db, ActorCache cache, IOptions<IdentityOptions> identity)
{
    Actor? actor;

    public async Task<Actor> GetAsync()
    {
        if (actor is not null) return actor;
        var principal = http.HttpContext?.User ?? throw new InvalidOperationException("No request.");
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
            throw new UnauthorizedAccessException();
        var role = Enum.GetValues<Role>().Cast<Role?>().FirstOrDefault(r => principal.IsInRole(r.ToString()!))
            ?? throw new UnauthorizedAccessException();
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        if (cache.Find(userId, stamp) is not { } attachments)
        {
            var user = await db.Users.AsNoTracking().CanSignIn()
                .Where(u => u.Id == userId)
                .Select(u => new { u.SecurityStamp, u.ServiceCentreId, u.OrganizationId, Schools = u.Schools.Select(s => s.SchoolId).ToList() })
                .SingleOrDefaultAsync() ?? throw new UnauthorizedAccessException();
            attachments = new ActorCache.Attachments(user.SecurityStamp, user.ServiceCentreId, user.OrganizationId, user.Schools.ToHashSet());
            // Kept only when the session's stamp is the stored one: an older session never fills the cache.
            if (stamp is not null && attachments.Stamp == stamp) cache.Keep(userId, attachments);
        }
        return actor = new Actor(userId, role, attachments.ServiceCentreId, attachments.OrganizationId, attachments.SchoolIds);
    }
}

/// <summary>Each user's attachments as of their security stamp, shared by the requests of this instance.</summary>
public sealed class ActorCache
{
    const int MaxUsers = 20_000;
    readonly ConcurrentDictionary<Guid, Attachments> byUser = new();

    public sealed record Attachments(string? Stamp, Guid? ServiceCentreId, Guid? OrganizationId, IReadOnlySet<Guid> SchoolIds);

    public Attachments? Find(Guid userId, string? stamp) =>
        stamp is not null && byUser.TryGetValue(userId, out var found) && found.Stamp == stamp ? found : null;

    public void Keep(Guid userId, Attachments attachments)
    {
        if (byUser.Count >= MaxUsers) byUser.Clear();
        byUser[userId] = attachments;
    }
}
