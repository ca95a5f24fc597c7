namespace PartnerNetwork.Core.Privacy;

/// <summary>Stored as numbers: values are fixed so that removing or adding a kind never re-labels old entries.</summary>
public enum FamilyAccess
{
    ViewFamily = 0,
    EditFamily = 1,
    ViewReferral = 2,
    Export = 4,
    /// <summary>The family's reference shown in a list or a form (family list, inbox, new referral).</summary>
    SeenInList = 5,
    /// <summary>The consent form, which shows the family's reference and school.</summary>
    ConsentForm = 6,
    /// <summary>Another agent was told that a colleague follows a family with this family's phone or e-mail.</summary>
    SameContactMatch = 7,
}

/// <summary>One look at identifying family data: who, when, what (DESIGN.md, privacy). Never anonymised or edited.</summary>
public class AccessLogEntry
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    /// <summary>Null for a look through a referral link (no account): then <see cref="ViaEmail"/> says whose link.</summary>
    public Guid? UserId { get; set; }

    public string? ViaEmail { get; set; }

    public Guid FamilyId { get; set; }

    public Guid? ReferralId { get; set; }

    public FamilyAccess What { get; set; }
}
