using PartnerNetwork.Core.Catalogue;

namespace PartnerNetwork.Core.Families;

public enum ConsentMethod
{
    Verbal,
    Written,
    Electronic,
}

/// <summary>
/// A family's consent to share its contact details (Law 25): who gave it, how, when, for which organisations or
/// purpose, until when. Withdrawn consents stay as history.
/// </summary>
public class Consent
{
    public const int GivenByMaxLength = 100;
    public const int PurposeMaxLength = 500;
    /// <summary>A consent lasts at most this long; the family is asked again after.</summary>
    public const int MaxMonths = 24;
    /// <summary>What the form proposes: a school year and a bit.</summary>
    public const int DefaultMonths = 12;

    /// <summary>A consent is recorded once given: today at the latest, and not longer ago than it could still last.</summary>
    public static string? GivenOnRefusal(DateOnly givenOn, DateOnly today) =>
        givenOn > today || givenOn < today.AddMonths(-MaxMonths) ? "Consent.GivenOnRange" : null;

    /// <summary>It ends on or after the day it was given, <see cref="MaxMonths"/> later at the most.</summary>
    public static string? ExpiresOnRefusal(DateOnly givenOn, DateOnly expiresOn) =>
        expiresOn < givenOn || expiresOn > givenOn.AddMonths(MaxMonths) ? "Consent.ExpiresOnRange" : null;

    public Guid Id { get; set; }

    public Guid FamilyId { get; set; }

    /// <summary>Who gave it: "mother", "father", "tutor"… (a role or first name, not an identity).</summary>
    public string GivenBy { get; set; } = "";

    public ConsentMethod Method { get; set; }

    public DateOnly GivenOn { get; set; }

    public DateOnly ExpiresOn { get; set; }

    public string Purpose { get; set; } = "";

    /// <summary>Any partner organisation of the directory, for the stated purpose; otherwise only <see cref="Organizations"/>.</summary>
    public bool AnyOrganization { get; set; }

    public List<ConsentOrganization> Organizations { get; set; } = [];

    public Guid RecordedById { get; set; }

    public DateTime RecordedAt { get; set; }

    public DateTime? WithdrawnAt { get; set; }

    public Guid? WithdrawnById { get; set; }

    public bool InForce(DateOnly today) => WithdrawnAt is null && GivenOn <= today && today <= ExpiresOn;

    public bool Covers(Guid organizationId, DateOnly today) =>
        InForce(today) && (AnyOrganization || Organizations.Any(o => o.OrganizationId == organizationId));
}

public class ConsentOrganization
{
    public Guid ConsentId { get; set; }

    public Guid OrganizationId { get; set; }

    public Organization? Organization { get; set; }
}
