namespace PartnerNetwork.Core.Catalogue;

/// <summary>A partner organisation (HSDS organization).</summary>
public class Organization : ICatalogueRecord, IMultilingualListing<OrganizationText>
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int EmailMaxLength = 254;
    public const int PhoneMaxLength = 30;
    public const int WebsiteMaxLength = 500;

    /// <summary>A North American number, with an optional extension: "514-555-0123", "(514) 555-0123 poste 12", "1 800 555 0123".</summary>
    public const string PhonePattern = @"^(\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}( ?(poste|ext\.?|x) ?\d{1,6})?$";

    public Guid Id { get; set; }

    string name = "";

    public string Name
    {
        get => name;
        set
        {
            name = value;
            NormalizedName = NormalizeName(value);
        }
    }

    /// <summary>The name folded for comparison ("Cuisine  Collective" = "cuisine collective"); unique in the database, so two
    /// people creating the same organisation at once create one.</summary>
    public string NormalizedName { get; private set; } = "";

    public string? AlternateName { get; set; }

    public string Description { get; set; } = "";

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Website { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>Demo and volume data are fictitious; the flag keeps them from being mistaken for real listings.</summary>
    public bool IsFictitious { get; set; }

    /// <summary>An admin's own confirmation period for this organisation, in months; null follows <see cref="Freshness.DueMonths"/>.</summary>
    public int? VerificationMonths { get; set; }

    public Guid Version { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Name and description in other languages than French.</summary>
    public List<OrganizationText> Texts { get; set; } = [];

    public List<Service> Services { get; set; } = [];

    public List<Location> Locations { get; set; } = [];

    public static string NormalizeName(string name) =>
        string.Join(' ', Search.TextNormalizer.Fold(name).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The partner confirmed the whole listing today: every service counts as verified. Needs <see cref="Services"/>.</summary>
    public void MarkVerified(DateOnly today)
    {
        foreach (var service in Services) service.MarkVerified(today);
    }
}
