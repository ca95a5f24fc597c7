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
    /// <summary>An organisation's first staff account, created when an admin approved a "claim this listing" request.</summary>
    PartnerStaffRoleGranted,
}

/// <summary>
/// Who gave whom access to families, and when: written whenever an admin makes someone an agent or assigns schools,
/// readable by the staff of the CSS concerned (admins never reach families themselves, and this is how a CSS checks).
/// </summary>
public class AuditEntry
{
    public const int DetailsMaxLength = 2000;

    public long Id { get; set; }

    /// <summary>UTC.</summary>
    public DateTime At { get; set; }

    /// <summary>Who made the change.</summary>
    public Guid ActorId { get; set; }

    /// <summary>Whose access changed.</summary>
    public Guid SubjectUserId { get; set; }

    /// <summary>The CSS whose staff may read the entry.</summary>
    public Guid? ServiceCentreId { get; set; }

    public AuditChange Change { get; set; }

    /// <summary>What changed, in words (the schools' names, the new role).</summary>
    public string Details { get; set; } = "";
}
