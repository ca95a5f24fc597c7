using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Core.Time;

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

    /// <summary>
    /// Keyed hashes of the normalised phone and e-mail (<see cref="ContactMatch"/>): how two agents of one CSS learn they
    /// follow the same family without anyone being able to browse other schools' contacts. Null when there is no contact.
    /// </summary>
    public string? PhoneMatch { get; set; }

    public string? EmailMatch { get; set; }

    /// <summary>
    /// When an edit changed the family's phone or e-mail (UTC). The "same contact" notice answers only for the contact
    /// recorded with the family, never for one typed in later: an edit would otherwise be a way to probe other
    /// schools' families number by number.
    /// </summary>
    public DateTime? ContactEditedAt { get; set; }

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

    /// <summary>Something about the family changed: the retention clock starts again.</summary>
    public void Touch(DateTime now) => LastActivityAt = now;

    /// <summary>
    /// Attaches a consent given today at the latest and lasting at most <see cref="Consent.MaxMonths"/>; returns null, or
    /// the localisation key saying which date will not do (nothing is then recorded).
    /// </summary>
    public string? RecordConsent(Consent consent, DateTime now)
    {
        if ((Consent.GivenOnRefusal(consent.GivenOn, QuebecTime.DateOf(now)) ?? Consent.ExpiresOnRefusal(consent.GivenOn, consent.ExpiresOn)) is { } refusal)
            return refusal;
        consent.FamilyId = Id;
        Consents.Add(consent);
        Touch(now);
        return null;
    }

    /// <summary>
    /// Withdraws a consent. Contact details stop reaching the organisations it covered at once (sharing is checked on
    /// every view), and the family's open referrals to organisations no longer covered by another consent are cancelled
    /// by the system, one event each. Needs <see cref="Referrals"/> and <see cref="Consents"/>; returns the cancelled
    /// referrals so their partners can be told.
    /// </summary>
    public IReadOnlyList<Referral> WithdrawConsent(Consent consent, Guid userId, DateTime now)
    {
        if (consent.WithdrawnAt is not null) return [];
        consent.WithdrawnAt = now;
        consent.WithdrawnById = userId;
        Touch(now);
        var today = QuebecTime.DateOf(now);
        var cancelled = new List<Referral>();
        foreach (var referral in Referrals.Where(r => r.IsOpen && (consent.AnyOrganization || consent.Organizations.Any(o => o.OrganizationId == r.OrganizationId))))
        {
            if (MayShareWith(referral.OrganizationId, today)) continue;
            if (referral.Move(ReferralState.Cancelled, ReferralActor.System, null, ReferralReason.ConsentWithdrawn, null, now) is null)
                cancelled.Add(referral);
        }
        return cancelled;
    }

    /// <summary>Replaces everything identifying with blanks; what remains (school, needs, referrals' states) feeds statistics.</summary>
    public void Anonymise(DateTime now)
    {
        Reference = AnonymisedReference;
        Phone = null;
        Email = null;
        PhoneMatch = null;
        EmailMatch = null;
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
