using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Security;

/// <summary>The signed-in user as an <see cref="Actor"/>, read from the database once per request so attachments are current.</summary>
public sealed class CurrentActor(IHttpContextAccessor http, PartnerNetworkDb db)
{
    Actor? actor;

    public async Task<Actor> GetAsync()
    {
        if (actor is not null) return actor;
        var principal = http.HttpContext?.User ?? throw new InvalidOperationException("No request.");
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
            throw new UnauthorizedAccessException();
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId && u.IsActive)
            .Select(u => new { u.ServiceCentreId, u.OrganizationId, Schools = u.Schools.Select(s => s.SchoolId).ToList() })
            .SingleOrDefaultAsync() ?? throw new UnauthorizedAccessException();
        var role = Enum.GetValues<Role>().Cast<Role?>().FirstOrDefault(r => principal.IsInRole(r.ToString()!))
            ?? throw new UnauthorizedAccessException();
        return actor = new Actor(userId, role, user.ServiceCentreId, user.OrganizationId, user.Schools.ToHashSet());
    }
}
