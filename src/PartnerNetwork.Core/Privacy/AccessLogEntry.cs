namespace PartnerNetwork.Core.Privacy;

public enum FamilyAccess
{
    ViewFamily,
    EditFamily,
    ViewReferral,
    PrintSheet,
    Export,
}

/// <summary>One look at identifying family data: who, when, what (DESIGN.md, privacy). Never anonymised or edited.</summary>
public class AccessLogEntry
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public Guid UserId { get; set; }

    public Guid FamilyId { get; set; }

    public Guid? ReferralId { get; set; }

    public FamilyAccess What { get; set; }
}
