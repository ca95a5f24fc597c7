using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Shared;

namespace PartnerNetwork.Web.Pages.Organizations.Services;

/// <summary>One weekly opening slot of the form: a day and, when open, from and to.</summary>
public class HoursInput
{
    public DayOfWeek Day { get; set; }
    public TimeOnly? Opens { get; set; }
    public TimeOnly? Closes { get; set; }
}

/// <summary>A page that shows the service form (<c>_ServiceFields</c>): the partner's own, and the one an e-mailed link opens.</summary>
public interface IServiceForm
{
    ServiceInput Input { get; }
    List<NeedCategory> Categories { get; }
    List<Location> Locations { get; }
}

/// <summary>A service as its edit form posts it; <see cref="ApplyTo"/> writes it through the service's verbs.</summary>
public class ServiceInput
{
    public const int SlotsPerDay = 2;
    public const int MaxCount = 10_000;
    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

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

    [Range(0, Service.MaxAge, ErrorMessage = "Validation.Range")]
    [Display(Name = "Field.MinimumAge")]
    public int? MinimumAge { get; set; }

    [Range(0, Service.MaxAge, ErrorMessage = "Validation.Range")]
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

    /// <summary>Name and description in the other listing languages.</summary>
    public List<ListingTextInput> Texts { get; set; } = ListingTextInput.From([]);

    /// <summary>The version the form showed; a save is refused if the service changed since.</summary>
    public Guid Version { get; set; }

    public static ServiceInput New() => new() { Hours = HoursOf([]) };

    public static ServiceInput From(Service s, List<NeedCategory> categories) => new()
    {
        Name = s.Name, Description = s.Description,
        CategoryCodes = categories.Where(c => s.Categories.Any(sc => sc.NeedCategoryId == c.Id)).Select(c => c.Code).ToList(),
        Languages = s.Languages.ToList(), EligibilityDescription = s.EligibilityDescription,
        MinimumAge = s.MinimumAge, MaximumAge = s.MaximumAge, MinimumGrade = s.MinimumGrade, MaximumGrade = s.MaximumGrade,
        Cost = s.Cost, CapacityAvailable = s.Capacity.Available, CapacityMaximum = s.Capacity.Maximum, CapacityUnit = s.Capacity.Unit,
        KeepsWaitlist = s.KeepsWaitlist, WaitlistLength = s.WaitlistLength, AcceptsReferrals = s.AcceptsReferrals,
        ReferralContactName = s.ReferralContactName, ReferralEmail = s.ReferralEmail, ReferralPhone = s.ReferralPhone,
        IsRemote = s.IsRemote, Active = s.IsActive, LocationIds = s.ServiceAtLocations.Select(l => l.LocationId).ToList(),
        Hours = HoursOf(s.Schedules), Version = s.Version, Texts = ListingTextInput.From(s.Texts),
    };

    /// <summary>Writes the validated form onto the service.</summary>
    public void ApplyTo(Service service, IEnumerable<NeedCategory> categories, DateTime now)
    {
        service.Name = Name.Trim();
        service.Description = Description?.Trim() ?? "";
        ListingTextInput.ApplyTo(service, Texts);
        service.Status = Active ? ServiceStatus.Active : ServiceStatus.Inactive;
        service.Languages = Core.Catalogue.Languages.Codes.Where(Languages.Contains).ToList();
        service.EligibilityDescription = FormText.OrNull(EligibilityDescription);
        (service.MinimumAge, service.MaximumAge) = (MinimumAge, MaximumAge);
        (service.MinimumGrade, service.MaximumGrade) = (MinimumGrade, MaximumGrade);
        service.Cost = Cost;
        service.SetCapacity(CapacityAvailable, CapacityMaximum, FormText.OrNull(CapacityUnit), now);
        service.KeepsWaitlist = KeepsWaitlist;
        service.WaitlistLength = WaitlistLength ?? 0;
        service.AcceptsReferrals = AcceptsReferrals;
        service.ReferralContactName = FormText.OrNull(ReferralContactName);
        service.ReferralEmail = FormText.OrNull(ReferralEmail);
        service.ReferralPhone = FormText.OrNull(ReferralPhone);
        service.IsRemote = IsRemote;
        service.SetNeeds(categories.Where(c => CategoryCodes.Contains(c.Code)).Select(c => c.Id));
        service.OfferAt(LocationIds);
        service.SetWeeklyHours(Hours.Where(h => h.Opens is not null && h.Closes is not null).Select(h => new WeeklyOpening(h.Day, h.Opens!.Value, h.Closes!.Value)));
    }

    /// <summary>
    /// The rules beyond the annotations, the same wherever the form is posted: known needs, languages and the
    /// organisation's own locations, coherent ranges, whole opening slots.
    /// </summary>
    public void Validate(ModelStateDictionary modelState, IReadOnlyCollection<NeedCategory> categories, IReadOnlyCollection<Location> locations,
        IStringLocalizer<SharedResource> L)
    {
        var known = categories.Select(c => c.Code).ToHashSet();
        if (CategoryCodes.Count == 0 || CategoryCodes.Any(c => !known.Contains(c)))
            modelState.AddModelError("Input.CategoryCodes", L["Service.NeedsCategory"]);
        if (Languages.Count == 0 || Languages.Any(l => !Core.Catalogue.Languages.Codes.Contains(l)))
            modelState.AddModelError("Input.Languages", L["Service.NeedsLanguage"]);
        if (LocationIds.Any(id => locations.All(l => l.Id != id)))
            modelState.AddModelError("Input.LocationIds", L["Service.UnknownLocation"]);
        if (!IsRemote && LocationIds.Count == 0)
            modelState.AddModelError("Input.LocationIds", L["Service.NeedsLocation"]);
        if (MinimumAge > MaximumAge)
            modelState.AddModelError("Input.MaximumAge", L["Service.AgeRange"]);
        if (MinimumGrade > MaximumGrade)
            modelState.AddModelError("Input.MaximumGrade", L["Service.GradeRange"]);
        if (CapacityAvailable > CapacityMaximum)
            modelState.AddModelError("Input.CapacityAvailable", L["Service.CapacityRange"]);
        for (var i = 0; i < Hours.Count; i++)
        {
            var slot = Hours[i];
            if (slot.Opens is null != slot.Closes is null)
                modelState.AddModelError($"Input.Hours[{i}].Closes", L["Service.HoursIncomplete", DayName(slot.Day)]);
            else if (slot.Opens >= slot.Closes)
                modelState.AddModelError($"Input.Hours[{i}].Closes", L["Service.OpensBeforeCloses", DayName(slot.Day)]);
        }
        if (Hours.Count != Week.Length * SlotsPerDay || Hours.Any(h => !Enum.IsDefined(h.Day)))
            modelState.AddModelError("Input.Hours", L["Validation.Invalid", L["Service.Hours"]]);
    }

    public static string DayName(DayOfWeek day) => System.Globalization.CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(day);

    /// <summary>The form's grid: <see cref="SlotsPerDay"/> slots a day, filled from the service's openings.</summary>
    static List<HoursInput> HoursOf(IEnumerable<Schedule> schedules)
    {
        var byDay = schedules.GroupBy(s => s.ByDay).ToDictionary(g => g.Key, g => g.OrderBy(s => s.OpensAt).ToList());
        return Week.SelectMany(day => Enumerable.Range(0, SlotsPerDay).Select(slot =>
        {
            var existing = byDay.GetValueOrDefault(day)?.ElementAtOrDefault(slot);
            return new HoursInput { Day = day, Opens = existing?.OpensAt, Closes = existing?.ClosesAt };
        })).ToList();
    }
}
