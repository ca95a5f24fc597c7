namespace PartnerNetwork.Core.Access;

public enum AuditChange
{
    /// <summary>The user was given the Agent role (created as an agent, or re-roled).</summary>
    AgentRoleGranted,
    /// <summary>Schools were added to an agent's assignment: they now reach those schools' families.</summary>
    SchoolsAssigned,
    SchoolsUnassigned,
    RoleRemoved,
    Deactivated,
    Reactivated,
    /// <summary>A role that reaches no family changed (CSS staff, admin), or an account was created with one.</summary>
    RoleChanged,
    /// <summary>An account now works for this organisation: created, re-roled, or moved from another organisation.</summary>
    PartnerAccessGranted,
    PartnerAccessRemoved,
    /// <summary>An agent or CSS staff account moved to another CSS; written for both.</summary>
    ServiceCentreChanged,
    /// <summary>The account now belongs to whoever reads another mailbox.</summary>
    EmailChanged,
    /// <summary>Whoever reads the account's mailbox can choose its password.</summary>
    SetPasswordLinkSent,
    /// <summary>The account's organisation was deactivated: its staff reach nothing.</summary>
    OrganizationDeactivated,
    OrganizationReactivated,
}

/// <summary>
/// One change to who can reach family data: who made it, when, for whom, from what to what. Saved with the change itself
/// and read by the data's owners — the CSS for its agents, the organisation for its staff — and by admins. Admins never
/// reach families themselves; this is how the owners see that no one was given access behind their back.
/// </summary>
public class AuditEntry
{
    public const int ValueMaxLength = 2000;

    public long Id { get; set; }

    /// <summary>UTC.</summary>
    public DateTime At { get; set; }

    /// <summary>Who made the change.</summary>
    public Guid ActorId { get; set; }

    /// <summary>Whose access changed.</summary>
    public Guid SubjectUserId { get; set; }

    /// <summary>The CSS whose staff read the entry.</summary>
    public Guid? ServiceCentreId { get; set; }

    /// <summary>The organisation whose staff read the entry.</summary>
    public Guid? OrganizationId { get; set; }

    public AuditChange Change { get; set; }

    /// <summary>What it was, in words (a role, the schools' names, an address); empty when nothing was.</summary>
    public string Before { get; set; } = "";

    /// <summary>What it became.</summary>
    public string After { get; set; } = "";

    /// <summary>A new access to families: the owners' staff see a banner until one of them acknowledges it.</summary>
    public bool AwaitsAcknowledgement { get; set; }

    public DateTime? AcknowledgedAt { get; set; }

    public Guid? AcknowledgedById { get; set; }

    public bool IsPending => AwaitsAcknowledgement && AcknowledgedAt is null;

    /// <summary>One of the owners has seen the new access; acknowledging twice keeps the first.</summary>
    public void Acknowledge(Guid by, DateTime at)
    {
        if (!IsPending) return;
        AcknowledgedAt = at;
        AcknowledgedById = by;
    }

    public static string Clip(string value) => value.Length > ValueMaxLength ? value[..ValueMaxLength] : value;
}
