using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Shared;

/// <summary>
/// "Access to family records", as its owners read it: who can reach the families now, and every change to that, by whom
/// and when. A CSS reads its agents, an organisation its staff, an admin everyone. Shared by the CSS's page
/// (Schools/AccessAudit, admins' too) and the organisation's (Organizations/AccessAudit).
/// </summary>
public sealed class AccessRecords(PartnerNetworkDb db, TimeProvider clock)
{
    public const int MaxRows = 500;

    public sealed record Holder(string Name, string Email, string AttachedTo, string Schools);

    public sealed record Entry(long Id, DateTime At, string By, string Whom, AuditChange Change, string Before, string After, bool Pending,
        DateTime? AcknowledgedAt, string? AcknowledgedBy);

    public sealed record View(List<Holder> Current, List<Entry> Entries, bool CanAcknowledge);

    public async Task<View> ReadAsync(Actor actor)
    {
        var entries = await db.Audit.AsNoTracking().ReadableBy(actor)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(MaxRows)
            .Select(e => new Entry(e.Id, e.At,
                db.Users.Where(u => u.Id == e.ActorId).Select(u => u.DisplayName).FirstOrDefault() ?? "—",
                db.Users.Where(u => u.Id == e.SubjectUserId).Select(u => u.DisplayName + " <" + u.Email + ">").FirstOrDefault() ?? "—",
                e.Change, e.Before, e.After, e.AwaitsAcknowledgement && e.AcknowledgedAt == null, e.AcknowledgedAt,
                db.Users.Where(u => u.Id == e.AcknowledgedById).Select(u => u.DisplayName).FirstOrDefault()))
            .ToListAsync();
        return new View(await HoldersAsync(actor), entries, actor.Role is not Role.Admin);
    }

    /// <summary>Acknowledges one new access the actor's CSS or organisation was shown; false when it is not theirs to acknowledge.</summary>
    public async Task<bool> AcknowledgeAsync(Actor actor, long entryId)
    {
        var entry = await db.Audit.AwaitingAcknowledgementBy(actor).SingleOrDefaultAsync(e => e.Id == entryId);
        if (entry is null) return false;
        entry.Acknowledge(actor.UserId, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
        return true;
    }

    /// <summary>
    /// Who reaches families now: a CSS's active agents with their schools, an organisation's active staff, for admins both
    /// (partner staff of a deactivated organisation reach nothing, so they are not listed).
    /// </summary>
    async Task<List<Holder>> HoldersAsync(Actor actor)
    {
        var agents = db.UserRoles.Join(db.Roles.Where(r => r.Name == nameof(Role.Agent)), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId);
        var partners = db.UserRoles.Join(db.Roles.Where(r => r.Name == nameof(Role.PartnerStaff)), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId);
        var holders = db.Users.AsNoTracking().CanSignIn();
        holders = actor.Role switch
        {
            Role.Admin => holders.Where(u => agents.Contains(u.Id) || partners.Contains(u.Id)),
            Role.CssStaff when actor.ServiceCentreId is { } centre => holders.Where(u => u.ServiceCentreId == centre && agents.Contains(u.Id)),
            Role.PartnerStaff when actor.OrganizationId is { } organization => holders.Where(u => u.OrganizationId == organization && partners.Contains(u.Id)),
            _ => holders.Where(_ => false),
        };
        var rows = await holders.OrderBy(u => u.DisplayName).Take(MaxRows)
            .Select(u => new
            {
                u.DisplayName, u.Email,
                AttachedTo = u.Organization != null ? u.Organization.Name : u.ServiceCentre != null ? u.ServiceCentre.Name : "",
                Schools = u.Schools.Select(s => s.School!.Name + " (" + s.School.Code + ")").ToList(),
            })
            .ToListAsync();
        return rows.Select(r => new Holder(r.DisplayName, r.Email ?? "", r.AttachedTo, string.Join(", ", r.Schools.Order(StringComparer.CurrentCulture)))).ToList();
    }
}
