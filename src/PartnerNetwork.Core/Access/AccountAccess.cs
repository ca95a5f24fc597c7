namespace PartnerNetwork.Core.Access;

/// <summary>
/// What one account can reach: its mailbox (whoever reads it can take the account over), role, CSS, schools, organisation
/// and whether it is active. Comparing it before and after a change gives the audit entries that change must leave.
/// </summary>
public sealed record AccountAccess(string Email, Role? Role, Guid? ServiceCentreId, Guid? OrganizationId, IReadOnlySet<Guid> SchoolIds, bool IsActive)
{
    /// <summary>An account that does not exist yet.</summary>
    public static readonly AccountAccess None = new("", null, null, null, new HashSet<Guid>(), false);

    /// <summary>Agents reach their schools' families; partner staff the referrals sent to their organisation.</summary>
    public bool ReachesFamilies => IsActive && Role is Access.Role.Agent or Access.Role.PartnerStaff;

    /// <summary>
    /// One entry per aspect that changed, each filed with the owners who read it: the CSS of an agent or CSS staff
    /// account, the organisation of a partner account (the old one and the new one when it moves). Roles are written as
    /// their names (shown translated); <paramref name="names"/> spells schools, CSS and organisations.
    /// </summary>
    public IReadOnlyList<AuditEntry> ChangesTo(AccountAccess after, Guid actorId, Guid subjectId, DateTime at, AuditNames names)
    {
        var before = this;
        var entries = new List<AuditEntry>();
        void Add(AuditChange change, Guid? centre, Guid? organization, string from, string to, bool grant = false) => entries.Add(new AuditEntry
        {
            At = at, ActorId = actorId, SubjectUserId = subjectId, ServiceCentreId = centre, OrganizationId = organization, Change = change,
            Before = AuditEntry.Clip(from), After = AuditEntry.Clip(to), AwaitsAcknowledgement = grant && after.ReachesFamilies,
        });
        string RoleName(Role? role) => role?.ToString() ?? "";
        string Schools(IEnumerable<Guid> ids) => string.Join(", ", ids.Select(names.School).Order(StringComparer.CurrentCulture));
        string Organization(Guid? id) => id is { } o ? names.Organization(o) : "";

        var wasAgent = before.Role == Access.Role.Agent;
        var isAgent = after.Role == Access.Role.Agent;
        var wasPartner = before.Role == Access.Role.PartnerStaff;
        var isPartner = after.Role == Access.Role.PartnerStaff;
        var centreMoved = before.ServiceCentreId is { } oldCentre && after.ServiceCentreId is { } newCentre && oldCentre != newCentre;

        if (isAgent && !wasAgent) Add(AuditChange.AgentRoleGranted, after.ServiceCentreId, null, RoleName(before.Role), RoleName(after.Role), grant: true);
        if (wasAgent && !isAgent) Add(AuditChange.RoleRemoved, before.ServiceCentreId, null, RoleName(before.Role), RoleName(after.Role));
        if (isPartner && (!wasPartner || before.OrganizationId != after.OrganizationId))
            Add(AuditChange.PartnerAccessGranted, null, after.OrganizationId, wasPartner ? Organization(before.OrganizationId) : RoleName(before.Role),
                Organization(after.OrganizationId), grant: true);
        if (wasPartner && (!isPartner || before.OrganizationId != after.OrganizationId))
            Add(AuditChange.PartnerAccessRemoved, null, before.OrganizationId, Organization(before.OrganizationId),
                isPartner ? Organization(after.OrganizationId) : RoleName(after.Role));
        // Neither role reaches families: still written, with the CSS concerned (if any), for admins and that CSS.
        if (before.Role != after.Role && !(wasAgent || isAgent || wasPartner || isPartner))
            Add(AuditChange.RoleChanged, after.ServiceCentreId ?? before.ServiceCentreId, null, RoleName(before.Role), RoleName(after.Role));
        if (centreMoved)
        {
            var from = names.ServiceCentre(before.ServiceCentreId!.Value);
            var to = names.ServiceCentre(after.ServiceCentreId!.Value);
            Add(AuditChange.ServiceCentreChanged, before.ServiceCentreId, null, from, to);
            Add(AuditChange.ServiceCentreChanged, after.ServiceCentreId, null, from, to, grant: isAgent);
        }

        // An agent's schools all belong to their CSS: those removed are filed with the old CSS, those added with the new.
        var added = after.SchoolIds.Where(s => !before.SchoolIds.Contains(s)).ToList();
        var removed = before.SchoolIds.Where(s => !after.SchoolIds.Contains(s)).ToList();
        if (added.Count > 0) Add(AuditChange.SchoolsAssigned, after.ServiceCentreId, null, "", Schools(added), grant: true);
        if (removed.Count > 0) Add(AuditChange.SchoolsUnassigned, before.ServiceCentreId, null, Schools(removed), "");

        if (before.Email.Length > 0 && !string.Equals(before.Email, after.Email, StringComparison.OrdinalIgnoreCase))
            Add(AuditChange.EmailChanged, after.ServiceCentreId ?? before.ServiceCentreId, after.OrganizationId ?? before.OrganizationId,
                before.Email, after.Email, grant: true);

        if (before.Role is not null && before.IsActive != after.IsActive)
            Add(after.IsActive ? AuditChange.Reactivated : AuditChange.Deactivated, after.ServiceCentreId, after.OrganizationId,
                after.IsActive ? "" : after.Email, after.IsActive ? after.Email : "", grant: after.IsActive);
        return entries;
    }

    /// <summary>The entry a set-password link leaves: whoever reads <see cref="Email"/> can now choose the password.</summary>
    public AuditEntry SetPasswordLinkSent(Guid actorId, Guid subjectId, DateTime at) => new()
    {
        At = at, ActorId = actorId, SubjectUserId = subjectId, ServiceCentreId = ServiceCentreId, OrganizationId = OrganizationId,
        Change = AuditChange.SetPasswordLinkSent, After = AuditEntry.Clip(Email),
    };
}

/// <summary>How an audit entry spells the records it names (their names as of the change).</summary>
public sealed record AuditNames(Func<Guid, string> School, Func<Guid, string> ServiceCentre, Func<Guid, string> Organization);
