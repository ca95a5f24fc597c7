using PartnerNetwork.Core.Access;

namespace PartnerNetwork.Core.Tests;

/// <summary>The audit entries an account change leaves, and who reads them.</summary>
public class AccountAccessTests
{
    static readonly Guid CentreA = Guid.NewGuid(), CentreB = Guid.NewGuid(), OrgX = Guid.NewGuid(), OrgY = Guid.NewGuid();
    static readonly Guid SchoolA1 = Guid.NewGuid(), SchoolA2 = Guid.NewGuid(), SchoolB1 = Guid.NewGuid();
    static readonly Guid ActorId = Guid.NewGuid(), Subject = Guid.NewGuid();
    static readonly DateTime At = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);
    static readonly AuditNames Names = new(s => s == SchoolA1 ? "A1" : s == SchoolA2 ? "A2" : "B1", c => c == CentreA ? "CSS A" : "CSS B", o => o == OrgX ? "Org X" : "Org Y");

    static AccountAccess Agent(string email, Guid centre, params Guid[] schools) => new(email, Role.Agent, centre, null, schools.ToHashSet(), true);
    static AccountAccess Partner(string email, Guid organization) => new(email, Role.PartnerStaff, null, organization, new HashSet<Guid>(), true);

    static List<(AuditChange, Guid?, Guid?, string, string, bool)> Changes(AccountAccess before, AccountAccess after) =>
        before.ChangesTo(after, ActorId, Subject, At, Names)
            .Select(e => (e.Change, e.ServiceCentreId, e.OrganizationId, e.Before, e.After, e.AwaitsAcknowledgement)).ToList();

    [Fact]
    public void A_new_agent_is_made_an_agent_and_given_schools_both_awaiting_the_css()
    {
        Assert.Equal([
            (AuditChange.AgentRoleGranted, CentreA, null, "", "Agent", true),
            (AuditChange.SchoolsAssigned, CentreA, null, "", "A1, A2", true),
        ], Changes(AccountAccess.None, Agent("a@x", CentreA, SchoolA2, SchoolA1)));
    }

    [Fact]
    public void An_e_mail_change_alone_is_one_entry_from_the_old_address_to_the_new()
    {
        Assert.Equal([(AuditChange.EmailChanged, CentreA, null, "a@x", "admin@x", true)],
            Changes(Agent("a@x", CentreA, SchoolA1), Agent("admin@x", CentreA, SchoolA1)));
        Assert.Empty(Changes(Agent("a@x", CentreA, SchoolA1), Agent("A@X", CentreA, SchoolA1)));
    }

    [Fact]
    public void An_agent_moved_to_another_css_is_written_for_both_with_its_schools_where_they_belong()
    {
        Assert.Equal([
            (AuditChange.ServiceCentreChanged, CentreA, null, "CSS A", "CSS B", false),
            (AuditChange.ServiceCentreChanged, CentreB, null, "CSS A", "CSS B", true),
            (AuditChange.SchoolsAssigned, CentreB, null, "", "B1", true),
            (AuditChange.SchoolsUnassigned, CentreA, null, "A1", "", false),
        ], Changes(Agent("a@x", CentreA, SchoolA1), Agent("a@x", CentreB, SchoolB1)));
    }

    [Fact]
    public void A_partner_moved_to_another_organisation_is_written_for_both()
    {
        Assert.Equal([
            (AuditChange.PartnerAccessGranted, null, OrgY, "Org X", "Org Y", true),
            (AuditChange.PartnerAccessRemoved, null, OrgX, "Org X", "Org Y", false),
        ], Changes(Partner("p@x", OrgX), Partner("p@x", OrgY)));
    }

    [Fact]
    public void Deactivation_needs_no_acknowledgement_and_reactivation_does()
    {
        var active = Partner("p@x", OrgX);
        Assert.Equal([(AuditChange.Deactivated, null, OrgX, "p@x", "", false)], Changes(active, active with { IsActive = false }));
        Assert.Equal([(AuditChange.Reactivated, null, OrgX, "", "p@x", true)], Changes(active with { IsActive = false }, active));
    }

    [Fact]
    public void Each_owner_reads_its_own_entries_admins_all_agents_none_and_admins_acknowledge_none()
    {
        var forCss = new AuditEntry { Id = 1, ServiceCentreId = CentreA, AwaitsAcknowledgement = true };
        var forOrg = new AuditEntry { Id = 2, OrganizationId = OrgX, AwaitsAcknowledgement = true };
        var seen = new AuditEntry { Id = 3, OrganizationId = OrgX, AwaitsAcknowledgement = true };
        seen.Acknowledge(Guid.NewGuid(), At);
        var entries = new[] { forCss, forOrg, seen }.AsQueryable();
        var css = new Actor(Guid.NewGuid(), Role.CssStaff, CentreA, null, new HashSet<Guid>());
        var partner = new Actor(Guid.NewGuid(), Role.PartnerStaff, null, OrgX, new HashSet<Guid>());
        var admin = new Actor(Guid.NewGuid(), Role.Admin, null, null, new HashSet<Guid>());
        var agent = new Actor(Guid.NewGuid(), Role.Agent, CentreA, null, new HashSet<Guid> { SchoolA1 });

        Assert.Equal([forCss], entries.ReadableBy(css));
        Assert.Equal([forOrg, seen], entries.ReadableBy(partner));
        Assert.Equal([forCss, forOrg, seen], entries.ReadableBy(admin));
        Assert.Empty(entries.ReadableBy(agent));
        Assert.Equal([forOrg], entries.AwaitingAcknowledgementBy(partner));
        Assert.Empty(entries.AwaitingAcknowledgementBy(admin));
    }
}
