using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Schools;

namespace PartnerNetwork.Core.Tests;

/// <summary>The access scopes, checked with LINQ-to-objects on a small world: two schools of one CSS, one of another, two organisations.</summary>
public class ScopeTests
{
    static readonly Guid CentreA = Guid.NewGuid(), CentreB = Guid.NewGuid();
    static readonly School SchoolA1 = new() { Id = Guid.NewGuid(), ServiceCentreId = CentreA };
    static readonly School SchoolA2 = new() { Id = Guid.NewGuid(), ServiceCentreId = CentreA };
    static readonly School SchoolB1 = new() { Id = Guid.NewGuid(), ServiceCentreId = CentreB };
    static readonly Guid OrgX = Guid.NewGuid(), OrgY = Guid.NewGuid();

    static readonly Family FamilyA1 = new() { Id = Guid.NewGuid(), SchoolId = SchoolA1.Id };
    static readonly Family FamilyA2 = new() { Id = Guid.NewGuid(), SchoolId = SchoolA2.Id };
    static readonly Family AnonymisedA1 = new() { Id = Guid.NewGuid(), SchoolId = SchoolA1.Id, AnonymisedAt = DateTime.UtcNow };

    static readonly Referral WarmToX = new() { Id = Guid.NewGuid(), SchoolId = SchoolA1.Id, Family = FamilyA1, OrganizationId = OrgX, Kind = ReferralKind.WarmHandoff };
    static readonly Referral InfoAboutX = new() { Id = Guid.NewGuid(), SchoolId = SchoolA1.Id, Family = FamilyA1, OrganizationId = OrgX, Kind = ReferralKind.InformationGiven };
    static readonly Referral WarmToYFromA2 = new() { Id = Guid.NewGuid(), SchoolId = SchoolA2.Id, Family = FamilyA2, OrganizationId = OrgY, Kind = ReferralKind.WarmHandoff };
    static readonly Referral AnonymisedToX = new() { Id = Guid.NewGuid(), SchoolId = SchoolA1.Id, Family = FamilyA1, OrganizationId = OrgX, Kind = ReferralKind.WarmHandoff, AnonymisedAt = DateTime.UtcNow };

    static readonly IQueryable<School> Schools = new[] { SchoolA1, SchoolA2, SchoolB1 }.AsQueryable();
    static readonly IQueryable<Family> Families = new[] { FamilyA1, FamilyA2, AnonymisedA1 }.AsQueryable();
    static readonly IQueryable<Referral> Referrals = new[] { WarmToX, InfoAboutX, WarmToYFromA2, AnonymisedToX }.AsQueryable();

    static readonly Actor AgentOfA1 = new(Guid.NewGuid(), Role.Agent, CentreA, null, new HashSet<Guid> { SchoolA1.Id });
    static readonly Actor StaffOfX = new(Guid.NewGuid(), Role.PartnerStaff, null, OrgX, new HashSet<Guid>());
    static readonly Actor CssA = new(Guid.NewGuid(), Role.CssStaff, CentreA, null, new HashSet<Guid>());
    static readonly Actor Admin = new(Guid.NewGuid(), Role.Admin, null, null, new HashSet<Guid>());

    [Fact]
    public void A_referral_follows_its_family_to_its_new_school()
    {
        var moved = new Family { Id = Guid.NewGuid(), SchoolId = SchoolA2.Id };
        var referral = new Referral { Id = Guid.NewGuid(), SchoolId = SchoolA1.Id, Family = moved, OrganizationId = OrgX, Kind = ReferralKind.WarmHandoff };
        Assert.Empty(new[] { referral }.AsQueryable().VisibleTo(AgentOfA1));
        var agentOfA2 = new Actor(Guid.NewGuid(), Role.Agent, CentreA, null, new HashSet<Guid> { SchoolA2.Id });
        Assert.Equal([referral], new[] { referral }.AsQueryable().VisibleTo(agentOfA2));
    }

    [Fact]
    public void An_agent_sees_the_families_and_referrals_of_their_schools_only_and_never_anonymised_ones()
    {
        Assert.Equal([FamilyA1], Families.VisibleTo(AgentOfA1));
        Assert.Equal([WarmToX, InfoAboutX], Referrals.VisibleTo(AgentOfA1));
        Assert.Equal([SchoolA1], Schools.VisibleTo(AgentOfA1));
    }

    [Fact]
    public void Partner_staff_see_only_warm_handoffs_to_their_organisation_and_no_family()
    {
        Assert.Equal([WarmToX], Referrals.VisibleTo(StaffOfX));
        Assert.Empty(Families.VisibleTo(StaffOfX));
        Assert.Empty(Schools.VisibleTo(StaffOfX));
    }

    [Fact]
    public void Css_staff_and_admins_never_reach_a_family_or_a_referral()
    {
        foreach (var actor in new[] { CssA, Admin })
        {
            Assert.Empty(Families.VisibleTo(actor));
            Assert.Empty(Referrals.VisibleTo(actor));
        }
        Assert.Equal([SchoolA1, SchoolA2], Schools.VisibleTo(CssA));
        Assert.Equal(3, Schools.VisibleTo(Admin).Count());
    }

    [Fact]
    public void A_partner_without_an_organisation_or_a_css_user_without_a_css_sees_nothing()
    {
        var orphanPartner = StaffOfX with { OrganizationId = null };
        var orphanCss = CssA with { ServiceCentreId = null };
        Assert.Empty(Referrals.VisibleTo(orphanPartner));
        Assert.Empty(Schools.VisibleTo(orphanCss));
        Assert.Empty(new[] { new Organization { Id = OrgX } }.AsQueryable().EditableBy(orphanPartner));
    }

    [Fact]
    public void Search_origins_are_the_users_schools_and_their_css_schools()
    {
        Assert.Equal([SchoolA1, SchoolA2], Schools.OriginsFor(AgentOfA1));
        Assert.Equal([SchoolA1, SchoolA2], Schools.OriginsFor(CssA));
        Assert.Empty(Schools.OriginsFor(StaffOfX));
    }

    [Fact]
    public void Listings_are_editable_by_their_own_staff_and_admins_only()
    {
        var organizations = new[] { new Organization { Id = OrgX }, new Organization { Id = OrgY } }.AsQueryable();
        var services = new[] { new Service { Id = Guid.NewGuid(), OrganizationId = OrgX }, new Service { Id = Guid.NewGuid(), OrganizationId = OrgY } }.AsQueryable();
        var locations = new[] { new Location { Id = Guid.NewGuid(), OrganizationId = OrgY }, new Location { Id = Guid.NewGuid(), OrganizationId = OrgX } }.AsQueryable();

        Assert.Equal([OrgX], organizations.EditableBy(StaffOfX).Select(o => o.Id));
        Assert.Equal([OrgX], services.EditableBy(StaffOfX).Select(s => s.OrganizationId));
        Assert.Equal([OrgX], locations.EditableBy(StaffOfX).Select(l => l.OrganizationId));
        Assert.Equal(2, organizations.EditableBy(Admin).Count());
        Assert.Equal(2, services.EditableBy(Admin).Count());
        Assert.Equal(2, locations.EditableBy(Admin).Count());
        foreach (var actor in new[] { AgentOfA1, CssA })
        {
            Assert.Empty(organizations.EditableBy(actor));
            Assert.Empty(services.EditableBy(actor));
            Assert.Empty(locations.EditableBy(actor));
        }
    }

    [Fact]
    public void Only_active_services_of_active_organisations_are_listed()
    {
        var open = new Organization { Id = OrgX, IsActive = true };
        var closed = new Organization { Id = OrgY, IsActive = false };
        var listed = new Service { Id = Guid.NewGuid(), Organization = open, Status = ServiceStatus.Active };
        var services = new[] { listed, new Service { Id = Guid.NewGuid(), Organization = open, Status = ServiceStatus.Inactive },
            new Service { Id = Guid.NewGuid(), Organization = closed, Status = ServiceStatus.Active } }.AsQueryable();
        Assert.Equal([listed.Id], services.Listed().Select(s => s.Id));
    }

    [Fact]
    public void Css_staff_see_the_coverage_of_their_own_css_only_and_admins_of_any()
    {
        var a = new ServiceCentre { Id = CentreA, Code = "761000", Name = "Centre A" };
        var b = new ServiceCentre { Id = CentreB, Code = "762000", Name = "B, premier par le nom" };
        var centres = new[] { a, b }.AsQueryable();
        Assert.Equal([a], centres.CoverageFor(CssA, null));
        Assert.Equal([a], centres.CoverageFor(CssA, "761000"));
        Assert.Empty(centres.CoverageFor(CssA, "762000"));
        Assert.Equal(b, centres.CoverageFor(Admin, null).First());
        Assert.Equal([a], centres.CoverageFor(Admin, "761000"));
        Assert.Empty(centres.CoverageFor(AgentOfA1, null));
        Assert.Empty(centres.CoverageFor(StaffOfX, "761000"));
    }

    [Fact]
    public void Admins_exchange_the_whole_directory_css_staff_their_territory_and_nobody_else_anything()
    {
        Assert.True(Scopes.MayExchange(Admin, out var adminCentre));
        Assert.Null(adminCentre);
        Assert.True(Scopes.MayExchange(CssA, out var staffCentre));
        Assert.Equal(CentreA, staffCentre);
        Assert.False(Scopes.MayExchange(new Actor(Guid.NewGuid(), Role.CssStaff, null, null, new HashSet<Guid>()), out _));
        Assert.False(Scopes.MayExchange(AgentOfA1, out _));
        Assert.False(Scopes.MayExchange(StaffOfX, out _));
    }

    [Fact]
    public void A_school_phone_is_kept_by_its_css_staff_and_admins()
    {
        Assert.True(Scopes.MayEditPhone(CssA, SchoolA1));
        Assert.False(Scopes.MayEditPhone(CssA, SchoolB1));
        Assert.True(Scopes.MayEditPhone(Admin, SchoolB1));
        Assert.False(Scopes.MayEditPhone(AgentOfA1, SchoolA1));
        Assert.False(Scopes.MayEditPhone(StaffOfX, SchoolA1));
    }
}
