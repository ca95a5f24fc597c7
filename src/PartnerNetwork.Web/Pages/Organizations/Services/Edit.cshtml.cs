using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Organizations.Services;

/// <summary>Partner staff keep their services current (admins any); saving marks the service verified today.</summary>
public class EditModel(PartnerNetworkDb db, CurrentActor current, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    public const int SlotsPerDay = 2;
    public const int MaxCount = 10_000;
    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public Guid? ServiceId { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string OrganizationName { get; private set; } = "";
    public List<NeedCategory> Categories { get; private set; } = [];
    public List<Location> Locations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? id, Guid? organizationId)
    {
        var (found, service) = await OpenAsync(id, organizationId);
        if (!found) return NotFound();
        Input = service is null ? InputModel.New(Hours([])) : InputModel.From(service, Categories, Hours(service.Schedules));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, Guid? organizationId)
    {
        var (found, service) = await OpenAsync(id, organizationId);
        if (!found) return NotFound();
        Validate();
        if (!ModelState.IsValid) return Page();

        if (service is null)
        {
            service = new Service { Id = Guid.NewGuid(), OrganizationId = OrganizationId };
            db.Services.Add(service);
        }
        Apply(service);
        await db.SaveChangesAsync();
        StatusMessage = L["Service.Saved", service.Name];
        return RedirectToPage("/Organizations/Details", new { id = OrganizationId });
    }

    /// <summary>The service (or none, for a new one) and the form's options, when the actor may edit its organisation.</summary>
    async Task<(bool Found, Service? Service)> OpenAsync(Guid? id, Guid? organizationId)
    {
        Service? service = null;
        if (id is { } serviceId)
        {
            service = await db.Services.Include(s => s.Categories).Include(s => s.Schedules).Include(s => s.ServiceAtLocations)
                .SingleOrDefaultAsync(s => s.Id == serviceId);
            if (service is null) return (false, null);
            // The organisation comes from the stored service, never from the form.
            organizationId = service.OrganizationId;
        }
        if (!await MayEditAsync(organizationId)) return (false, null);
        ServiceId = id;
        await LoadAsync();
        return (true, service);
    }

    async Task<bool> MayEditAsync(Guid? organizationId)
    {
        var actor = await current.GetAsync();
        var wanted = organizationId ?? actor.OrganizationId;
        if (wanted is not { } orgId || !actor.MayEditOrganization(orgId)) return false;
        var name = await db.Organizations.Where(o => o.Id == orgId).Select(o => o.Name).SingleOrDefaultAsync();
        if (name is null) return false;
        (OrganizationId, OrganizationName) = (orgId, name);
        return true;
    }

    async Task LoadAsync()
    {
        Categories = await db.NeedCategories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync();
        Locations = await db.Locations.AsNoTracking().Where(l => l.OrganizationId == OrganizationId).OrderBy(l => l.Name).ToListAsync();
    }

    void Validate()
    {
        var known = Categories.Select(c => c.Code).ToHashSet();
        if (Input.CategoryCodes.Count == 0 || Input.CategoryCodes.Any(c => !known.Contains(c)))
            ModelState.AddModelError("Input.CategoryCodes", L["Service.NeedsCategory"]);
        if (Input.Languages.Count == 0 || Input.Languages.Any(l => !Languages.Codes.Contains(l)))
            ModelState.AddModelError("Input.Languages", L["Service.NeedsLanguage"]);
        if (Input.LocationIds.Any(id => Locations.All(l => l.Id != id)))
            ModelState.AddModelError("Input.LocationIds", L["Service.UnknownLocation"]);
        if (!Input.IsRemote && Input.LocationIds.Count == 0)
            ModelState.AddModelError("Input.LocationIds", L["Service.NeedsLocation"]);
        if (Input.MinimumAge > Input.MaximumAge)
            ModelState.AddModelError("Input.MaximumAge", L["Service.AgeRange"]);
        if (Input.MinimumGrade > Input.MaximumGrade)
            ModelState.AddModelError("Input.MaximumGrade", L["Service.GradeRange"]);
        if (Input.CapacityAvailable > Input.CapacityMaximum)
            ModelState.AddModelError("Input.CapacityAvailable", L["Service.CapacityRange"]);
        for (var i = 0; i < Input.Hours.Count; i++)
        {
            var slot = Input.Hours[i];
            if (slot.Opens is null != slot.Closes is null)
                ModelState.AddModelError($"Input.Hours[{i}].Closes", L["Service.HoursIncomplete", DayName(slot.Day)]);
            else if (slot.Opens >= slot.Closes)
                ModelState.AddModelError($"Input.Hours[{i}].Closes", L["Service.OpensBeforeCloses", DayName(slot.Day)]);
        }
        if (Input.Hours.Count != Week.Length * SlotsPerDay || Input.Hours.Any(h => !Enum.IsDefined(h.Day)))
            ModelState.AddModelError("Input.Hours", L["Validation.Invalid", L["Service.Hours"]]);
    }

    void Apply(Service service)
    {
        var today = WeeklyHours.Today(clock);
        service.Name = Input.Name.Trim();
        service.Description = Input.Description?.Trim() ?? "";
        service.Status = Input.Active ? ServiceStatus.Active : ServiceStatus.Inactive;
        service.Languages = Languages.Codes.Where(Input.Languages.Contains).ToList();
        service.EligibilityDescription = FormText.OrNull(Input.EligibilityDescription);
        (service.MinimumAge, service.MaximumAge) = (Input.MinimumAge, Input.MaximumAge);
        (service.MinimumGrade, service.MaximumGrade) = (Input.MinimumGrade, Input.MaximumGrade);
        service.Cost = Input.Cost;
        service.Capacity = new ServiceCapacity
        {
            Available = Input.CapacityAvailable,
            Maximum = Input.CapacityMaximum,
            Unit = FormText.OrNull(Input.CapacityUnit),
            Updated = clock.GetUtcNow().UtcDateTime,
        };
        service.KeepsWaitlist = Input.KeepsWaitlist;
        service.WaitlistLength = Input.WaitlistLength ?? 0;
        service.AcceptsReferrals = Input.AcceptsReferrals;
        service.ReferralContactName = FormText.OrNull(Input.ReferralContactName);
        service.ReferralEmail = FormText.OrNull(Input.ReferralEmail);
        service.ReferralPhone = FormText.OrNull(Input.ReferralPhone);
        service.IsRemote = Input.IsRemote;
        service.AssuredDate = today;

        var categoryIds = Categories.Where(c => Input.CategoryCodes.Contains(c.Code)).Select(c => c.Id).ToList();
        service.Categories.RemoveAll(c => !categoryIds.Contains(c.NeedCategoryId));
        service.Categories.AddRange(categoryIds.Where(id => service.Categories.All(c => c.NeedCategoryId != id))
            .Select(id => new ServiceCategory { ServiceId = service.Id, NeedCategoryId = id }));

        var locationIds = Input.IsRemote ? [] : Input.LocationIds.Distinct().ToList();
        foreach (var link in service.ServiceAtLocations.Where(l => !locationIds.Contains(l.LocationId)).ToList())
            db.ServiceAtLocations.Remove(link);
        foreach (var locationId in locationIds.Where(id => service.ServiceAtLocations.All(l => l.LocationId != id)))
            db.ServiceAtLocations.Add(new ServiceAtLocation { Id = Guid.NewGuid(), ServiceId = service.Id, LocationId = locationId });

        db.Schedules.RemoveRange(service.Schedules);
        db.Schedules.AddRange(Input.Hours.Where(h => h.Opens is not null && h.Closes is not null).Select(h => new Schedule
        {
            Id = Guid.NewGuid(), ServiceId = service.Id, ByDay = h.Day, OpensAt = h.Opens!.Value, ClosesAt = h.Closes!.Value,
        }));
    }

    static List<HoursInput> Hours(IEnumerable<Schedule> schedules)
    {
        var byDay = schedules.GroupBy(s => s.ByDay).ToDictionary(g => g.Key, g => g.OrderBy(s => s.OpensAt).ToList());
        return Week.SelectMany(day => Enumerable.Range(0, SlotsPerDay).Select(slot =>
        {
            var existing = byDay.GetValueOrDefault(day)?.ElementAtOrDefault(slot);
            return new HoursInput { Day = day, Opens = existing?.OpensAt, Closes = existing?.ClosesAt };
        })).ToList();
    }

    public static string DayName(DayOfWeek day) => System.Globalization.CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(day);


    public class HoursInput
    {
        public DayOfWeek Day { get; set; }
        public TimeOnly? Opens { get; set; }
        public TimeOnly? Closes { get; set; }
    }

    public class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(Service.NameMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Name")]
        public string Name { get; set; } = "";

        [StringLength(Service.DescriptionMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Description")]
        public string? Description { get; set; }

        [Display(Name = "Field.Categories")]
        public List<string> CategoryCodes { get; set; } = [];

        [Display(Name = "Field.Languages")]
        public List<string> Languages { get; set; } = ["fr"];

        [StringLength(Service.EligibilityMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Eligibility")]
        public string? EligibilityDescription { get; set; }

        [Range(0, 99, ErrorMessage = "Validation.Range")]
        [Display(Name = "Field.MinimumAge")]
        public int? MinimumAge { get; set; }

        [Range(0, 99, ErrorMessage = "Validation.Range")]
        [Display(Name = "Field.MaximumAge")]
        public int? MaximumAge { get; set; }

        [Range(Service.LowestGrade, Service.HighestGrade, ErrorMessage = "Validation.Range")]
        [Display(Name = "Field.MinimumGrade")]
        public int? MinimumGrade { get; set; }

        [Range(Service.LowestGrade, Service.HighestGrade, ErrorMessage = "Validation.Range")]
        [Display(Name = "Field.MaximumGrade")]
        public int? MaximumGrade { get; set; }

        [EnumDataType(typeof(Cost), ErrorMessage = "Validation.Invalid")]
        [Display(Name = "Field.Cost")]
        public Cost Cost { get; set; }

        [Range(0, MaxCount, ErrorMessage = "Validation.Range")]
        [Display(Name = "Field.CapacityAvailable")]
        public int? CapacityAvailable { get; set; }

        [Range(0, MaxCount, ErrorMessage = "Validation.Range")]
        [Display(Name = "Field.CapacityMaximum")]
        public int? CapacityMaximum { get; set; }

        [StringLength(ServiceCapacity.UnitMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.CapacityUnit")]
        public string? CapacityUnit { get; set; }

        [Display(Name = "Field.KeepsWaitlist")]
        public bool KeepsWaitlist { get; set; }

        [Range(0, MaxCount, ErrorMessage = "Validation.Range")]
        [Display(Name = "Field.WaitlistLength")]
        public int? WaitlistLength { get; set; }

        [Display(Name = "Field.AcceptsReferrals")]
        public bool AcceptsReferrals { get; set; } = true;

        [StringLength(Service.ContactNameMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.ReferralContactName")]
        public string? ReferralContactName { get; set; }

        [EmailAddress(ErrorMessage = "Validation.Email")]
        [StringLength(Service.EmailMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.ReferralEmail")]
        public string? ReferralEmail { get; set; }

        [RegularExpression(Organization.PhonePattern, ErrorMessage = "Validation.Phone")]
        [StringLength(Service.PhoneMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.ReferralPhone")]
        public string? ReferralPhone { get; set; }

        [Display(Name = "Field.IsRemote")]
        public bool IsRemote { get; set; }

        [Display(Name = "Field.Active")]
        public bool Active { get; set; } = true;

        [Display(Name = "Field.Locations")]
        public List<Guid> LocationIds { get; set; } = [];

        public List<HoursInput> Hours { get; set; } = [];

        public static InputModel New(List<HoursInput> hours) => new() { Hours = hours };

        public static InputModel From(Service s, List<NeedCategory> categories, List<HoursInput> hours) => new()
        {
            Name = s.Name, Description = s.Description,
            CategoryCodes = categories.Where(c => s.Categories.Any(sc => sc.NeedCategoryId == c.Id)).Select(c => c.Code).ToList(),
            Languages = s.Languages.ToList(), EligibilityDescription = s.EligibilityDescription,
            MinimumAge = s.MinimumAge, MaximumAge = s.MaximumAge, MinimumGrade = s.MinimumGrade, MaximumGrade = s.MaximumGrade,
            Cost = s.Cost, CapacityAvailable = s.Capacity.Available, CapacityMaximum = s.Capacity.Maximum, CapacityUnit = s.Capacity.Unit,
            KeepsWaitlist = s.KeepsWaitlist, WaitlistLength = s.WaitlistLength, AcceptsReferrals = s.AcceptsReferrals,
            ReferralContactName = s.ReferralContactName, ReferralEmail = s.ReferralEmail, ReferralPhone = s.ReferralPhone,
            IsRemote = s.IsRemote, Active = s.IsActive, LocationIds = s.ServiceAtLocations.Select(l => l.LocationId).ToList(), Hours = hours,
        };
    }
}
