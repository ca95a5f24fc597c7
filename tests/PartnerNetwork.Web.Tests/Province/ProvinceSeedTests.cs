using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Seeding;
using Xunit.Abstractions;

namespace PartnerNetwork.Web.Tests.Province;

/// <summary>The province as seeded at first start, checked against the files it came from (seed/quebec, see its SOURCE.md).</summary>
[Trait("Database", "Both")]
public class ProvinceSeedTests(AppFactory app, ITestOutputHelper output) : IClassFixture<AppFactory>
{
    static readonly ProvinceFiles Files = ProvinceFiles.Default;

    [Fact]
    public void Every_css_and_school_board_is_seeded_with_its_kind()
    {
        var centres = app.With(db => db.ServiceCentres.Select(c => new { c.Code, c.Kind, HasTerritory = c.Territory != null }).ToList());
        Assert.Equal(72, centres.Count);
        Assert.Equal(Files.ServiceCentreCodes().Order(), centres.Select(c => c.Code).Order());
        Assert.All(centres, c => Assert.True(c.HasTerritory, c.Code));
        Assert.Equal((60, 9, 3), (centres.Count(c => c.Kind == ServiceCentreKind.French), centres.Count(c => c.Kind == ServiceCentreKind.English),
            centres.Count(c => c.Kind == ServiceCentreKind.SpecialStatus)));
        Assert.Equal(ServiceCentreKind.English, centres.Single(c => c.Code == "887000").Kind);
    }

    [Fact]
    public void Every_primary_row_of_the_deprivation_file_is_a_school_with_its_deciles_and_1911_have_a_position()
    {
        var rows = ProvinceFiles.Deprivation(Files.DeprivationFile);
        var schools = app.With(db => db.Schools.Include(s => s.ServiceCentre).AsNoTracking().ToDictionary(s => s.Code));
        Assert.Equal(1_963, rows.Count);
        foreach (var row in rows)
        {
            var school = schools[row.Code];
            Assert.Equal(row.ServiceCentreCode, school.ServiceCentre!.Code);
            Assert.True(school.Teaches(SchoolLevels.Primary), row.Code);
            Assert.Equal((row.ImseDecile, row.SfrDecile, row.Enrolment), (school.ImseDecile, school.SfrDecile, school.Enrolment));
        }
        Assert.Equal(1_911, rows.Count(r => schools[r.Code].HasPosition));
        Assert.Equal(68, rows.Count(r => schools[r.Code].ImseDecile is null));
        // Missing stays missing: a school without a point has no invented position.
        var unpositioned = rows.Select(r => schools[r.Code]).Where(s => !s.HasPosition).ToList();
        Assert.Equal(52, unpositioned.Count);
        Assert.All(unpositioned, s => Assert.Equal((null, null, ""), (s.Latitude, s.Longitude, s.Address)));
    }

    [Fact]
    public void Every_school_of_the_school_file_is_one_record_with_its_buildings_its_levels_and_the_css_of_its_file()
    {
        var buildings = ProvinceFiles.Buildings(Files.SchoolFile);
        var (schools, sites) = app.With(db => (db.Schools.Include(s => s.ServiceCentre).AsNoTracking().ToDictionary(s => s.Code),
            db.SchoolSites.AsNoTracking().ToList()));
        Assert.Equal(5_358, buildings.Count);
        Assert.Equal(5_358, sites.Count);
        var byCode = buildings.GroupBy(b => b.Code).ToList();
        Assert.Equal(2_745, byCode.Count);
        foreach (var school in byCode)
        {
            var seeded = schools[school.Key];
            Assert.Equal(school.First().ServiceCentreCode, seeded.ServiceCentre!.Code);
            Assert.Equal(school.Select(b => b.Building).Distinct().Order(), sites.Where(s => s.SchoolId == seeded.Id).Select(s => s.BuildingCode).Order());
            var main = sites.Single(s => s.SchoolId == seeded.Id && s.IsMain);
            Assert.Equal((main.Latitude, main.Longitude), (seeded.Latitude!.Value, seeded.Longitude!.Value));
            foreach (var level in new[] { SchoolLevels.Preschool, SchoolLevels.Secondary, SchoolLevels.Vocational, SchoolLevels.Adult })
                Assert.Equal(school.Any(b => b.Levels.HasFlag(level)), seeded.Teaches(level));
        }
        var secondary = byCode.Where(g => g.Any(b => b.Levels.HasFlag(SchoolLevels.Secondary))).Select(g => g.Key).ToList();
        Assert.Equal(593, secondary.Count);
        // No deprivation file for secondary schools here: a secondary-only school has no index, never a 0.
        Assert.All(secondary.Select(c => schools[c]).Where(s => !s.Teaches(SchoolLevels.Primary)), s => Assert.Null(s.ImseDecile));
        Assert.DoesNotContain(schools.Values, s => s.ImseDecile == 0 || s.SfrDecile == 0);
    }

    [Fact]
    public void Territories_are_valid_as_the_seed_files_hold_them_shells_counter_clockwise_and_holes_clockwise()
    {
        // Seeding no longer repairs them: the converter must have written them valid.
        var territories = app.With(db => db.ServiceCentres.AsNoTracking().Select(c => new { c.Code, c.Territory }).ToList());
        foreach (var centre in territories)
        {
            var validity = new NetTopologySuite.Operation.Valid.IsValidOp(centre.Territory!);
            Assert.True(validity.IsValid, $"{centre.Code}: {validity.ValidationError}");
            foreach (var polygon in Enumerable.Range(0, centre.Territory!.NumGeometries).Select(i => (NetTopologySuite.Geometries.Polygon)centre.Territory.GetGeometryN(i)))
            {
                Assert.True(polygon.Shell.IsClosed && polygon.Shell.IsCCW, $"{centre.Code}: a shell not closed or clockwise");
                Assert.All(polygon.Holes, h => Assert.True(h.IsClosed && !h.IsCCW, $"{centre.Code}: a hole not closed or counter-clockwise"));
            }
        }
    }

    [Fact]
    public void Territories_contain_almost_all_of_their_school_points()
    {
        var centres = app.With(db => db.ServiceCentres.AsNoTracking().ToList());
        var sites = app.With(db => db.SchoolSites.Join(db.Schools, s => s.SchoolId, s => s.Id,
            (site, school) => new { school.ServiceCentreId, school.Code, site.BuildingCode, site.IsMain, site.Latitude, site.Longitude }).ToList());
        var (schools, outside, buildingsOutside) = (0, 0, 0);
        foreach (var centre in centres.OrderBy(c => c.Code))
        {
            var territory = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(centre.Territory!);
            var own = sites.Where(s => s.ServiceCentreId == centre.Id).ToList();
            var away = own.Where(s => !territory.Covers(Geometries.Point(s.Latitude, s.Longitude))).ToList();
            // A school's other buildings may teach far away (vocational and adult training sites): reported, not counted.
            foreach (var site in away)
                output.WriteLine($"{centre.Code} {centre.Name}: school {site.Code}{(site.IsMain ? "" : $" (other building {site.BuildingCode})")} at {site.Latitude}, {site.Longitude} is outside its territory");
            (schools, outside, buildingsOutside) = (schools + own.Count(s => s.IsMain), outside + away.Count(s => s.IsMain), buildingsOutside + away.Count);
        }
        output.WriteLine($"{outside} of {schools} schools' positions and {buildingsOutside} of {sites.Count} buildings outside their CSS's territory");
        Assert.True(outside <= schools / 100, $"{outside} of {schools} schools outside their territory");
    }

    [Fact]
    public async Task Seeding_again_changes_nothing()
    {
        var before = Fingerprint();
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<Seeder>().SeedReferenceAsync(SeedFiles.Default);
        Assert.Equal(before, Fingerprint());
        Assert.Equal(72, before.Centres);
    }

    (int Centres, int Schools, int Sites, int Positioned, int Published, string Levels) Fingerprint() => app.With(db => (
        db.ServiceCentres.Count(), db.Schools.Count(), db.SchoolSites.Count(), db.Schools.Count(s => s.Latitude != null),
        db.Schools.Count(s => s.ImseDecile != null), string.Join(",", db.Schools.OrderBy(s => s.Code).Select(s => (int)s.Levels))));
}
