using NetTopologySuite.Geometries;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Geo;
using Location = PartnerNetwork.Core.Catalogue.Location;

namespace PartnerNetwork.Core.Tests;

/// <summary>What an import may change for a CSS: its territory is a square here, 45.0–46.0 N by 74.0–73.0 W.</summary>
public class ImportReachTests
{
    static readonly Geometry Territory = Geometries.Factory.CreatePolygon([new(-74, 45), new(-73, 45), new(-73, 46), new(-74, 46), new(-74, 45)]);
    static readonly ImportReach Css = ImportReach.Within(Territory);

    static Location Site(double? lat, double? lon) => new() { Id = Guid.NewGuid(), Latitude = lat, Longitude = lon };

    [Fact]
    public void A_css_changes_an_organisation_only_when_every_site_is_positioned_inside_and_it_has_no_staff_of_its_own()
    {
        Assert.Equal(ImportOwnership.Yours, Css.OwnershipOf([Site(45.5, -73.5), Site(45.2, -73.9)], hasOwnStaff: false));
        Assert.Equal(ImportOwnership.Elsewhere, Css.OwnershipOf([Site(45.5, -73.5), Site(46.5, -73.5)], hasOwnStaff: false));
        Assert.Equal(ImportOwnership.Elsewhere, Css.OwnershipOf([Site(45.5, -73.5), Site(null, null)], hasOwnStaff: false));
        Assert.Equal(ImportOwnership.Elsewhere, Css.OwnershipOf([], hasOwnStaff: false));
        Assert.Equal(ImportOwnership.KeptByOrganization, Css.OwnershipOf([Site(45.5, -73.5)], hasOwnStaff: true));
    }

    [Fact]
    public void A_place_without_a_position_counts_as_outside_for_a_css_and_admins_reach_everything()
    {
        Assert.True(Css.Covers(45.5, -73.5));
        Assert.False(Css.Covers(null, null));
        Assert.False(Css.Covers(46.5, -73.5));
        Assert.False(Css.MayListRemote);
        Assert.False(ImportReach.Within(null).Covers(45.5, -73.5));

        Assert.True(ImportReach.Everything.Covers(null, null));
        Assert.True(ImportReach.Everything.MayListRemote);
        Assert.Equal(ImportOwnership.Yours, ImportReach.Everything.OwnershipOf([Site(null, null)], hasOwnStaff: true));
    }
}
