using NetTopologySuite.Geometries;

namespace PartnerNetwork.Core.Catalogue;

public enum ServiceStatus
{
    Active,
    Inactive,
}

public enum Cost
{
    Free,
    LowCost,
    Fee,
}

/// <summary>HSDS 3.1 service_capacity: how many more the service can take now.</summary>
public class ServiceCapacity
{
    public const int UnitMaxLength = 50;

    public int? Available { get; set; }

    public int? Maximum { get; set; }

    /// <summary>What is counted: "familles", "places", "enfants"…</summary>
    public string? Unit { get; set; }

    /// <summary>UTC.</summary>
    public DateTime? Updated { get; set; }
}

public enum CapacityState
{
    TakingReferrals,
    Waitlist,
    Full,
    NotAcceptingReferrals,
}

/// <summary>A service an organisation offers (HSDS service), with what an agent needs to refer a family to it.</summary>
public class Service : ICatalogueRecord, IMultilingualListing<ServiceText>
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int EligibilityMaxLength = 1000;
    public const int EmailMaxLength = 254;
    public const int PhoneMaxLength = 30;
    public const int ContactNameMaxLength = 100;
    public const int LanguagesMaxLength = 100;

    /// <summary>A listing not checked for a year is flagged to searchers as possibly stale.</summary>
    public const int StaleAfterMonths = 12;

    /// <summary>Grades run from -1 (4-year-old pre-kindergarten) and 0 (kindergarten) to 11 (Secondary 5).</summary>
    public const int LowestGrade = -1;
    public const int HighestGrade = 11;

    /// <summary>Ages are in years, for children and their parents.</summary>
    public const int MaxAge = 120;

    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Organization? Organization { get; set; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public ServiceStatus Status { get; set; } = ServiceStatus.Active;

    /// <summary>ISO 639-1 codes of the languages the service is offered in.</summary>
    public List<string> Languages { get; set; } = [];

    public string? EligibilityDescription { get; set; }

    public int? MinimumAge { get; set; }

    public int? MaximumAge { get; set; }

    public int? MinimumGrade { get; set; }

    public int? MaximumGrade { get; set; }

    public Cost Cost { get; set; }

    public ServiceCapacity Capacity { get; set; } = new();

    /// <summary>When full, the service still takes names on a waiting list.</summary>
    public bool KeepsWaitlist { get; set; }

    /// <summary>Families already waiting; shown so an agent can tell a family how long it may be.</summary>
    public int WaitlistLength { get; set; }

    public bool AcceptsReferrals { get; set; } = true;

    public string? ReferralContactName { get; set; }

    public string? ReferralEmail { get; set; }

    public string? ReferralPhone { get; set; }

    /// <summary>Delivered by phone, text or online rather than at a location.</summary>
    public bool IsRemote { get; set; }

    /// <summary>Where the service takes families from (HSDS service_area extent); null means "near its locations".</summary>
    public Geometry? ServiceArea { get; set; }

    /// <summary>When the partner last confirmed the listing (HSDS assured_date).</summary>
    public DateOnly? AssuredDate { get; set; }

    public Guid Version { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Name and description in other languages than French.</summary>
    public List<ServiceText> Texts { get; set; } = [];

    public List<ServiceCategory> Categories { get; set; } = [];

    public List<ServiceAtLocation> ServiceAtLocations { get; set; } = [];

    public List<Schedule> Schedules { get; set; } = [];

    public bool IsActive => Status == ServiceStatus.Active;

    public CapacityState CapacityState => CapacityStateOf(AcceptsReferrals, Capacity.Available, KeepsWaitlist);

    public static CapacityState CapacityStateOf(bool acceptsReferrals, int? available, bool keepsWaitlist) =>
        !acceptsReferrals ? CapacityState.NotAcceptingReferrals
        : available is null or > 0 ? CapacityState.TakingReferrals
        : keepsWaitlist ? CapacityState.Waitlist
        : CapacityState.Full;

    public bool IsStale(DateOnly today, int staleMonths = StaleAfterMonths) => Freshness.IsStale(AssuredDate, today, staleMonths);

    /// <summary>The partner confirmed the listing (HSDS assured_date); searchers see how fresh it is.</summary>
    public void MarkVerified(DateOnly today) => AssuredDate = today;

    /// <summary>
    /// The partner's one-click answer on capacity (taking referrals, waitlist, full), the field that changes most: "full"
    /// and "waitlist" mean no place now; "taking referrals" forgets a stale zero, keeping any other figure.
    /// </summary>
    public void SetCapacityState(CapacityState state, DateTime now)
    {
        if (state == CapacityState.NotAcceptingReferrals) throw new ArgumentException("A partner stops referrals on its edit form.", nameof(state));
        AcceptsReferrals = true;
        if (state == CapacityState.TakingReferrals)
        {
            if (Capacity.Available == 0) SetCapacity(null, Capacity.Maximum, Capacity.Unit, now);
            return;
        }
        KeepsWaitlist = state == CapacityState.Waitlist;
        SetCapacity(0, Capacity.Maximum, Capacity.Unit, now);
    }

    /// <summary>Which needs the service answers. Needs <see cref="Categories"/>.</summary>
    public void SetNeeds(IEnumerable<Guid> needIds)
    {
        var wanted = needIds.Distinct().ToList();
        Categories.RemoveAll(c => !wanted.Contains(c.NeedCategoryId));
        Categories.AddRange(wanted.Where(id => Categories.All(c => c.NeedCategoryId != id))
            .Select(id => new ServiceCategory { ServiceId = Id, NeedCategoryId = id }));
    }

    /// <summary>
    /// Where families are received. A remote service (phone, text, online) has no location, whatever was ticked.
    /// Needs <see cref="ServiceAtLocations"/>.
    /// </summary>
    public void OfferAt(IEnumerable<Guid> locationIds)
    {
        var wanted = IsRemote ? [] : locationIds.Distinct().ToList();
        ServiceAtLocations.RemoveAll(l => !wanted.Contains(l.LocationId));
        ServiceAtLocations.AddRange(wanted.Where(id => ServiceAtLocations.All(l => l.LocationId != id))
            .Select(id => new ServiceAtLocation { Id = Guid.NewGuid(), ServiceId = Id, LocationId = id }));
    }

    /// <summary>The weekly opening hours, replacing the previous ones (unchanged openings keep their rows). Needs <see cref="Schedules"/>.</summary>
    public void SetWeeklyHours(IEnumerable<WeeklyOpening> openings)
    {
        var wanted = openings.Distinct().ToList();
        if (wanted.Any(o => o.Opens >= o.Closes)) throw new ArgumentException("An opening must close after it opens.", nameof(openings));
        Schedules.RemoveAll(s => s.LocationId is not null || !wanted.Contains(new WeeklyOpening(s.ByDay, s.OpensAt, s.ClosesAt)));
        Schedules.AddRange(wanted.Where(o => !Schedules.Any(s => s.ByDay == o.Day && s.OpensAt == o.Opens && s.ClosesAt == o.Closes))
            .Select(o => new Schedule { Id = Guid.NewGuid(), ServiceId = Id, ByDay = o.Day, OpensAt = o.Opens, ClosesAt = o.Closes }));
    }

    /// <summary>How many more the service can take; <see cref="ServiceCapacity.Updated"/> moves only when the figures change.</summary>
    public void SetCapacity(int? available, int? maximum, string? unit, DateTime now)
    {
        if (available > maximum) throw new ArgumentException("Available places cannot exceed the maximum.", nameof(available));
        if (Capacity.Updated is not null && Capacity.Available == available && Capacity.Maximum == maximum && Capacity.Unit == unit) return;
        Capacity.Available = available;
        Capacity.Maximum = maximum;
        Capacity.Unit = unit;
        Capacity.Updated = now;
    }
}

/// <summary>One weekly opening as a form or an import states it: a day and Quebec wall-clock hours.</summary>
public readonly record struct WeeklyOpening(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes);

/// <summary>A need category a service answers (HSDS attribute linking a taxonomy term).</summary>
public class ServiceCategory
{
    public Guid ServiceId { get; set; }

    public Guid NeedCategoryId { get; set; }

    public NeedCategory? NeedCategory { get; set; }
}
