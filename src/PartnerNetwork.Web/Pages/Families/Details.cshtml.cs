using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Privacy;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Mail;
using PartnerNetwork.Web.Privacy;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Families;

/// <summary>A family: its details, consents and every referral as a timeline. Each view is written to the access log.</summary>
public class DetailsModel(PartnerNetworkDb db, CurrentActor current, AccessLog accessLog, ReferralMail mail,
    TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public Family Family { get; private set; } = null!;
    public string SchoolName { get; private set; } = "";
    public Dictionary<Guid, string> NeedNames { get; private set; } = [];
    public Dictionary<Guid, string> NeedCodes { get; private set; } = [];
    public Dictionary<Guid, string> OrganizationNames { get; private set; } = [];
    public Dictionary<Guid, string> ServiceNames { get; private set; } = [];
    public Dictionary<Guid, string> UserNames { get; private set; } = [];
    public DateOnly Today { get; private set; }
    /// <summary>Colleagues of the same CSS following a family with the same phone or e-mail at another school: name and school only.</summary>
    public List<(string Colleague, string School)> SameContact { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var actor = await current.GetAsync();
        if (!await LoadAsync(actor, id)) return NotFound();
        await accessLog.RecordAsync(actor, id, FamilyAccess.ViewFamily);
        await LoadSameContactAsync(actor);
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawConsentAsync(Guid id, Guid consentId)
    {
        var actor = await current.GetAsync();
        var family = await db.Families.VisibleTo(actor).Include(f => f.Consents).ThenInclude(c => c.Organizations).Include(f => f.Referrals)
            .SingleOrDefaultAsync(f => f.Id == id);
        var consent = family?.Consents.SingleOrDefault(c => c.Id == consentId);
        if (family is null || consent is null) return NotFound();
        if (consent.WithdrawnAt is not null)
        {
            StatusMessage = L["Consent.AlreadyWithdrawn"];
            return RedirectToPage(new { id });
        }
        var cancelled = family.WithdrawConsent(consent, actor.UserId, clock.GetUtcNow().UtcDateTime);
        foreach (var referral in cancelled) await mail.CancelledAsync(referral);
        await db.SaveChangesAsync();
        StatusMessage = L["Consent.Withdrawn", cancelled.Count];
        return RedirectToPage(new { id });
    }

    /// <summary>The access right: everything held about the family, as a JSON file.</summary>
    public async Task<IActionResult> OnGetExportAsync(Guid id)
    {
        var actor = await current.GetAsync();
        if (!await LoadAsync(actor, id)) return NotFound();
        await accessLog.RecordAsync(actor, id, FamilyAccess.Export);
        var log = await db.AccessLog.AsNoTracking().Where(e => e.FamilyId == id).OrderBy(e => e.Id)
            .Select(e => new { e.At, User = db.Users.Where(u => u.Id == e.UserId).Select(u => u.DisplayName).FirstOrDefault() ?? (e.ViaEmail == null ? null : "via link, " + e.ViaEmail), e.What, e.ReferralId })
            .ToListAsync();
        var f = Family;
        var export = new
        {
            exportedAt = clock.GetUtcNow().UtcDateTime,
            family = new
            {
                f.Id, f.Reference, school = SchoolName, f.Phone, f.Email, f.PreferredLanguage, f.InterpreterNeeded,
                channels = f.Channels.ToString(), times = f.Times.ToString(), f.CreatedAt, f.LastActivityAt,
                needs = f.Needs.Select(n => NeedNames.GetValueOrDefault(n.NeedCategoryId)),
            },
            consents = f.Consents.Select(c => new
            {
                c.Id, c.GivenBy, c.Method, c.GivenOn, c.ExpiresOn, c.Purpose, c.AnyOrganization,
                organizations = c.Organizations.Select(o => OrganizationNames.GetValueOrDefault(o.OrganizationId)), c.RecordedAt, c.WithdrawnAt,
            }),
            referrals = f.Referrals.Select(r => new
            {
                r.Id, service = ServiceNames.GetValueOrDefault(r.ServiceId), organization = OrganizationNames.GetValueOrDefault(r.OrganizationId),
                r.Kind, r.State, r.Urgency, r.Message, r.ShareContact, r.FollowUpOn, r.CreatedAt, r.ClosedAt, r.Reason, r.ReasonText,
                needs = r.Needs.Select(n => NeedNames.GetValueOrDefault(n.NeedCategoryId)),
                events = r.Events.OrderBy(e => e.At).Select(e => new { e.At, actor = e.ActorId is { } a ? UserNames.GetValueOrDefault(a) : "system", e.From, e.To, e.Reason, e.Note }),
                notes = r.Notes.OrderBy(n => n.At).Select(n => new { n.At, author = n.AuthorId is { } a ? UserNames.GetValueOrDefault(a) : $"via link, {n.ViaEmail}", n.Text }),
            }),
            accessLog = log,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(export, new JsonSerializerOptions
        {
            WriteIndented = true, Converters = { new JsonStringEnumConverter() }, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        return File(json, "application/json", $"family-{id:N}.json");
    }

    /// <summary>
    /// The "same contact" notice, which must not become an oracle on other schools' families: only on a family the
    /// agent recorded themselves, with the contact recorded then (not one typed in by a later edit), for at most <see cref="ContactMatch.MatchesPerAgentPerDay"/> other families a day
    /// (those already told stay told), and each match shown is written to the other family's access log.
    /// </summary>
    async Task LoadSameContactAsync(Actor actor)
    {
        if (Family.CreatedById != actor.UserId || Family.ContactEditedAt is not null) return;
        var centre = await db.Schools.Where(s => s.Id == Family.SchoolId).Select(s => s.ServiceCentreId).SingleAsync();
        var matches = await db.Families.SharingContactWith(Family, centre)
            .Select(o => new { o.Id, Colleague = db.Users.Where(u => u.Id == o.CreatedById).Select(u => u.DisplayName).FirstOrDefault() ?? "", School = o.School!.Name })
            .ToListAsync();
        if (matches.Count == 0) return;
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        var told = await db.AccessLog.Where(e => e.UserId == actor.UserId && e.What == FamilyAccess.SameContactMatch && e.At >= since)
            .Select(e => e.FamilyId).Distinct().ToListAsync();
        var budget = Math.Max(0, ContactMatch.MatchesPerAgentPerDay - told.Count);
        var shown = matches.Where(m => told.Contains(m.Id)).Concat(matches.Where(m => !told.Contains(m.Id)).OrderBy(m => m.Id).Take(budget)).ToList();
        await accessLog.RecordManyAsync(actor, shown.Select(m => (m.Id, (Guid?)null)), FamilyAccess.SameContactMatch);
        SameContact = shown.Select(m => (m.Colleague, m.School)).Distinct().ToList();
    }

    async Task<bool> LoadAsync(Actor actor, Guid id)
    {
        var family = await db.Families.VisibleTo(actor).AsNoTracking().AsSplitQuery()
            .Include(f => f.Needs)
            .Include(f => f.Consents).ThenInclude(c => c.Organizations)
            .Include(f => f.Referrals).ThenInclude(r => r.Events)
            .Include(f => f.Referrals).ThenInclude(r => r.Notes)
            .Include(f => f.Referrals).ThenInclude(r => r.Needs)
            .SingleOrDefaultAsync(f => f.Id == id);
        if (family is null) return false;
        Family = family;
        Today = QuebecTime.Today(clock);
        SchoolName = await db.Schools.Where(s => s.Id == family.SchoolId).Select(s => s.Name).SingleAsync();
        var french = Cultures.IsFrench;
        var needs = await db.NeedCategories.AsNoTracking().ToListAsync();
        NeedNames = needs.ToDictionary(c => c.Id, c => c.Name(french));
        NeedCodes = needs.ToDictionary(c => c.Id, c => c.Code);
        var organizationIds = family.Referrals.Select(r => r.OrganizationId).Concat(family.Consents.SelectMany(c => c.Organizations.Select(o => o.OrganizationId))).Distinct().ToList();
        OrganizationNames = await db.Organizations.Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name);
        var serviceIds = family.Referrals.Select(r => r.ServiceId).Distinct().ToList();
        ServiceNames = await db.Services.Where(s => serviceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name);
        var userIds = family.Referrals.SelectMany(r => r.Events.Select(e => e.ActorId).Append(r.ReferredById).Concat(r.Notes.Select(n => (Guid?)n.AuthorId)))
            .OfType<Guid>().Distinct().ToList();
        UserNames = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName);
        return true;
    }
}
