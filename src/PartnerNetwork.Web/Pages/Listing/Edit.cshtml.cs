using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Mail;
using PartnerNetwork.Web.Pages.Organizations.Services;

namespace PartnerNetwork.Web.Pages.Listing;

/// <summary>
/// "Needs changes": the partner's own service form, without an account, scoped by the e-mailed link to that one service
/// (the locations offered are its organisation's). The same validation as the signed-in form; a save is live at once,
/// counts as a confirmation, leaves a <see cref="ListingChange"/> and tells the admins.
/// </summary>
public class EditModel(PartnerNetworkDb db, TimeProvider clock, Outbox outbox, IStringLocalizer<SharedResource> L) : PageModel, IServiceForm
{
    [BindProperty]
    public ServiceInput Input { get; set; } = new();

    [TempData] public string? StatusMessage { get; set; }

    public string Token { get; private set; } = "";
    public string OrganizationName { get; private set; } = "";
    public List<NeedCategory> Categories { get; private set; } = [];
    public List<Location> Locations { get; private set; } = [];

    EmailLink? link;

    public async Task<IActionResult> OnGetAsync(string token)
    {
        if (await OpenAsync(token) is not { } service) return NotFound();
        Input = ServiceInput.From(service, Categories);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token)
    {
        if (await OpenAsync(token) is not { } service) return NotFound();
        Input.Validate(ModelState, Categories, Locations, L);
        if (!ModelState.IsValid) return Page();

        db.ExpectVersion(service, Input.Version);
        var now = clock.GetUtcNow().UtcDateTime;
        Input.ApplyTo(service, Categories, now);
        service.MarkVerified(QuebecTime.DateOf(now));
        var changed = ChangedFields(service);
        await ListingLink.RecordAnswerAsync(db, link!, VerificationAnswer.Edited, now);
        var details = Truncate($"{service.Name}: {string.Join(", ", changed)}", ListingChange.DetailsMaxLength);
        db.ListingChanges.Add(new ListingChange
        {
            At = now, OrganizationId = service.OrganizationId, ServiceId = service.Id, EmailLinkId = link!.Id, Email = link.Email,
            Answer = VerificationAnswer.Edited, Details = details,
        });
        await NotifyAdminsAsync(service, details);
        if (!await db.TrySaveAsync())
        {
            ModelState.AddModelError(string.Empty, L["Catalogue.Conflict"]);
            ModelState.Remove("Input.Version");
            Input.Version = await db.Services.Where(s => s.Id == service.Id).Select(s => s.Version).SingleAsync();
            await OpenAsync(token);
            return Page();
        }
        StatusMessage = L["Service.Saved", service.Name];
        return RedirectToPage("/Listing/Verify", new { token });
    }

    /// <summary>The service the link reaches with the form's options, or null: not found.</summary>
    async Task<Service?> OpenAsync(string token)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if ((link = await ListingLink.FindAsync(db, token, now)) is null) return null;
        var service = await db.Services.AsSplitQuery().Include(s => s.Organization).Include(s => s.Categories).Include(s => s.Schedules)
            .Include(s => s.ServiceAtLocations).SingleAsync(s => s.Id == link.ServiceId);
        Token = token;
        OrganizationName = service.Organization!.Name;
        Categories = await db.NeedCategories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync();
        Locations = await db.Locations.AsNoTracking().Where(l => l.OrganizationId == link.OrganizationId).OrderBy(l => l.Name).ToListAsync();
        return service;
    }

    /// <summary>What the save changes, in field names, for the audit entry and the admins' notice.</summary>
    List<string> ChangedFields(Service service)
    {
        db.ChangeTracker.DetectChanges();
        var fields = db.Entry(service).Properties
            .Where(p => p.IsModified && p.Metadata.Name is not (nameof(Service.Version) or nameof(Service.UpdatedAt) or nameof(Service.AssuredDate)))
            .Select(p => p.Metadata.Name).ToList();
        var related = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Deleted or EntityState.Modified && e.Entity is not Service)
            .Select(e => e.Metadata.ClrType.Name).Distinct();
        fields.AddRange(related);
        return fields.Count == 0 ? ["—"] : fields;
    }

    /// <summary>Every active admin hears of a change made without an account (outbox, in the same save).</summary>
    async Task NotifyAdminsAsync(Service service, string details)
    {
        var admins = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(x => x.Name == nameof(Role.Admin))
            .Join(db.Users.Where(u => u.IsActive), x => x.UserId, u => u.Id, (_, u) => u.Email)
            .ToListAsync();
        var url = $"{outbox.BaseUrl}/Catalogue/Service/{service.Id}";
        foreach (var email in admins.Distinct())
            outbox.Stage(email, "Fiche modifiée par lien / Listing changed through a link",
                $"{OrganizationName} a modifié sa fiche par le lien envoyé à {link!.Email} : {details}\n{url}\n\n"
                + $"{OrganizationName} changed its listing through the link sent to {link.Email}: {details}\n{url}\n\n— PartnerNetwork");
    }

    static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;
}
