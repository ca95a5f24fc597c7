using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Privacy;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Privacy;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Families;

/// <summary>Records or corrects a family of one of the agent's schools.</summary>
public class EditModel(PartnerNetworkDb db, CurrentActor current, AccessLog accessLog, ContactMatch matching, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty]
    public FamilyInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public Guid? FamilyId { get; private set; }
    public List<(Guid Id, string Name)> Schools { get; private set; } = [];
    public List<NeedCategory> Needs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? id)
    {
        var actor = await current.GetAsync();
        if (id is null)
        {
            await LoadChoicesAsync(actor);
            Input.SchoolId = Schools.FirstOrDefault().Id;
            return Page();
        }
        var family = await FindAsync(actor, id.Value);
        if (family is null) return NotFound();
        FamilyId = family.Id;
        Input = FamilyInput.From(family);
        await LoadChoicesAsync(actor, family.SchoolId);
        await accessLog.RecordAsync(actor, family.Id, FamilyAccess.EditFamily);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id)
    {
        var actor = await current.GetAsync();
        Family? family = null;
        if (id is not null)
        {
            family = await FindAsync(actor, id.Value);
            if (family is null) return NotFound();
            FamilyId = family.Id;
        }
        await LoadChoicesAsync(actor, family?.SchoolId);
        Validate(actor);
        if (Input.SchoolId is { } chosen && chosen != family?.SchoolId && await db.Schools.AnyAsync(s => s.Id == chosen && s.ClosedOn != null))
            ModelState.AddModelError("Input.SchoolId", L["Family.SchoolClosed"]);
        if (!ModelState.IsValid) return Page();

        var now = clock.GetUtcNow().UtcDateTime;
        if (family is null)
        {
            family = new Family { Id = Guid.NewGuid(), CreatedById = actor.UserId, CreatedAt = now };
            db.Families.Add(family);
        }
        var contactBefore = (family.PhoneMatch, family.EmailMatch);
        var recorded = db.Entry(family).State == EntityState.Added;
        Input.ApplyTo(family);
        matching.Apply(family);
        if (!recorded && (family.PhoneMatch, family.EmailMatch) != contactBefore) family.ContactEditedAt = now;
        family.Touch(now);
        await db.SaveChangesAsync();
        StatusMessage = L["Family.Saved", family.Reference];
        return RedirectToPage("/Families/Details", new { id = family.Id });
    }

    void Validate(Actor actor)
    {
        if (Input.SchoolId is { } school && !actor.SchoolIds.Contains(school))
            ModelState.AddModelError("Input.SchoolId", L["Family.NotYourSchool"]);
        if (!Languages.Common.Contains(Input.PreferredLanguage))
            ModelState.AddModelError("Input.PreferredLanguage", L["Family.UnknownLanguage"]);
        if (Input.NeedIds.Any(n => Needs.All(c => c.Id != n)))
            ModelState.AddModelError("Input.NeedIds", L["Search.UnknownCategory"]);
        if (Input.Channels.Any(c => !Enum.IsDefined(c) || c == ContactChannels.None) || Input.Times.Any(t => !Enum.IsDefined(t) || t == ContactTimes.None))
            ModelState.AddModelError("Input.Channels", L["Binding.Missing"]);
        var phone = !string.IsNullOrWhiteSpace(Input.Phone);
        var email = !string.IsNullOrWhiteSpace(Input.Email);
        if ((Input.Channels.Contains(ContactChannels.Phone) || Input.Channels.Contains(ContactChannels.Text)) && !phone)
            ModelState.AddModelError("Input.Phone", L["Family.PhoneNeeded"]);
        if (Input.Channels.Contains(ContactChannels.Email) && !email)
            ModelState.AddModelError("Input.Email", L["Family.EmailNeeded"]);
        // Names the choices it wants: a typed phone or e-mail is not a way to reach them until it is ticked.
        if (Input.Channels.Count == 0)
            ModelState.AddModelError("Input.Channels", L[phone ? "Family.ChannelNeededPhone" : email ? "Family.ChannelNeededEmail" : "Family.ChannelNeeded"]);
    }

    /// <summary>The agent's open schools, and the family's own school when it has closed (its record stays there).</summary>
    async Task LoadChoicesAsync(Actor actor, Guid? current = null)
    {
        Schools = (await db.Schools.VisibleTo(actor).AsNoTracking().Where(s => s.ClosedOn == null || s.Id == current).OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Name, s.ClosedOn }).ToListAsync())
            .Select(s => (s.Id, SchoolText.ChoiceName(L, s.Name, s.ClosedOn))).ToList();
        Needs = await db.NeedCategories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync();
    }

    Task<Family?> FindAsync(Actor actor, Guid id) =>
        db.Families.VisibleTo(actor).Include(f => f.Needs).SingleOrDefaultAsync(f => f.Id == id);
}
