using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Schools;

namespace PartnerNetwork.Core.Families;

/// <summary>How a family can be reached.</summary>
[Flags]
public enum ContactChannels
{
    None = 0,
    Phone = 1,
    Text = 2,
    Email = 4,
    PaperNote = 8,
}

/// <summary>When a family can be reached.</summary>
[Flags]
public enum ContactTimes
{
    None = 0,
    Daytime = 1,
    Evenings = 2,
    Weekends = 4,
}

/// <summary>
/// The minimum a liaison agent records about a family (DESIGN.md, privacy): a first name or reference code, how
/// and when to reach them, language, the school. Never a diagnosis or an identity number.
/// </summary>
public class Family
{
    public const int ReferenceMaxLength = 80;
    public const int EmailMaxLength = 254;
    public const int PhoneMaxLength = 30;
    public const string AnonymisedReference = "—";

    public Guid Id { get; set; }

    public Guid SchoolId { get; set; }

    public School? School { get; set; }

    /// <summary>A first name or a reference code the agent understands.</summary>
    public string Reference { get; set; } = "";

    public string? Phone { get; set; }

    public string? Email { get; set; }

    /// <summary>ISO 639-1 code of the language the family prefers.</summary>
    public string PreferredLanguage { get; set; } = "fr";

    public bool InterpreterNeeded { get; set; }

    public ContactChannels Channels { get; set; }

    public ContactTimes Times { get; set; }

    public Guid CreatedById { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Last time anything about the family changed: the retention clock starts here.</summary>
    public DateTime LastActivityAt { get; set; }

    public DateTime? AnonymisedAt { get; set; }

    public List<FamilyNeed> Needs { get; set; } = [];

    public List<Consent> Consents { get; set; } = [];

    public List<Referral> Referrals { get; set; } = [];

    /// <summary>Whether a consent in force today lets the family's contact details go to <paramref name="organizationId"/>.</summary>
    public bool MayShareWith(Guid organizationId, DateOnly today) => Consents.Any(c => c.Covers(organizationId, today));

    /// <summary>Replaces everything identifying with blanks; what remains (school, needs, referrals' states) feeds statistics.</summary>
    public void Anonymise(DateTime now)
    {
        Reference = AnonymisedReference;
        Phone = null;
        Email = null;
        Channels = ContactChannels.None;
        Times = ContactTimes.None;
        AnonymisedAt = now;
        foreach (var consent in Consents) consent.GivenBy = AnonymisedReference;
    }
}

public class FamilyNeed
{
    public Guid FamilyId { get; set; }

    public Guid NeedCategoryId { get; set; }

    public NeedCategory? NeedCategory { get; set; }
}
