using System.Text.Json;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Tests;

public class SeedTests
{
    static readonly SeedFiles Files = SeedFiles.Default;
    static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public void The_taxonomy_has_the_required_need_categories_in_both_languages()
    {
        var taxonomy = Files.Taxonomy();
        string[] required = ["food-security", "tutoring", "homework-help", "mentoring", "mental-health", "parenting-support",
            "interpretation-francisation", "material-financial-help", "recreation-sport", "early-childhood", "housing", "parent-employment"];
        Assert.Equal(required.Order(), taxonomy.Select(c => c.Code).Order());
        Assert.All(taxonomy, c => Assert.False(string.IsNullOrWhiteSpace(c.NameFr) || string.IsNullOrWhiteSpace(c.NameEn) || c.NameFr == c.NameEn && c.Code != "mentoring"));
        Assert.Equal("Sécurité alimentaire", taxonomy.Single(c => c.Code == "food-security").NameFr);
        Assert.Equal(taxonomy.Count, taxonomy.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void Pilot_schools_join_the_ministry_deciles_to_school_coordinates()
    {
        var schools = PilotPrimarySchools();
        Assert.Equal(250, schools.Count);
        Assert.Equal(131, schools.Count(s => s.ServiceCentreId == StableId.From("css", "762000")));
        Assert.All(schools, s => Assert.True(Quebec.Contains(s.Latitude!.Value, s.Longitude!.Value), s.Code));
        // Within about 25 km of downtown Montréal: the island.
        Assert.All(schools, s => Assert.InRange(Geodesy.DistanceKm(45.5019, -73.5674, s.Latitude!.Value, s.Longitude!.Value), 0, 30));
        var saintOctave = schools.Single(s => s.Code == "761001");
        Assert.Equal((10, 10, 314), (saintOctave.ImseDecile!.Value, saintOctave.SfrDecile!.Value, saintOctave.Enrolment!.Value));
        Assert.Equal(4, schools.Count(s => s.ImseDecile is null));
    }


    [Fact]
    public void The_demo_scenario_is_deterministic()
    {
        var first = Snapshot(Generate());
        Assert.Equal(first, Snapshot(Generate()));
        Assert.NotEqual(first, Snapshot(new CatalogueGenerator(Files.Taxonomy(), Today, seed: 43)
            .MontrealPilot(Files.CommunityPlaces(), Centres())));
    }

    [Fact]
    public void The_demo_scenario_places_about_sixty_fictitious_partners_at_real_community_places()
    {
        var catalogue = Generate();
        var places = Files.CommunityPlaces();
        Assert.InRange(catalogue.Organizations.Count, 60, 65);
        Assert.All(catalogue.Organizations, o => Assert.True(o.IsFictitious));
        Assert.NotEmpty(catalogue.Locations);
        Assert.NotEmpty(catalogue.Services);
        Assert.All(catalogue.Locations, l => Assert.Contains(places, p => p.Address == l.Address1 && p.Latitude == l.Latitude));
        Assert.All(catalogue.Services, s => Assert.NotEmpty(s.Categories));
        Assert.Contains(catalogue.Services, s => s.IsRemote && s.ServiceArea is not null);
        Assert.Contains(catalogue.Services, s => WeeklyHours.OpenEvenings(catalogue.Schedules.Where(h => h.ServiceId == s.Id)));
        Assert.Contains(catalogue.Services, s => s.Languages.Count > 1);
        Assert.Equal(catalogue.Organizations.Count, catalogue.Organizations.Select(o => o.Name).Distinct().Count());
    }

    [Fact]
    public void Volume_generation_spreads_services_over_quebec()
    {
        var generator = new CatalogueGenerator(Files.Taxonomy(), Today, seed: 7);
        var catalogue = generator.Volume(Files.QuebecPlaces(), 5_000);
        Assert.Equal(5_000, catalogue.Services.Count);
        Assert.NotEmpty(catalogue.Locations);
        Assert.All(catalogue.Locations, l => Assert.True(Quebec.Contains(l.Latitude!.Value, l.Longitude!.Value)));
        // Most in the Montréal region, but not all.
        var nearMontreal = catalogue.Locations.Count(l => Geodesy.DistanceKm(45.5, -73.6, l.Latitude!.Value, l.Longitude!.Value) < 60);
        Assert.InRange(nearMontreal, catalogue.Locations.Count / 3, catalogue.Locations.Count * 9 / 10);
        var (centres, schools) = generator.VolumeSchools(Files.QuebecPlaces(), 300);
        Assert.Equal(300, schools.Select(s => s.Code).Distinct().Count());
        Assert.All(schools, s => Assert.Contains(centres, c => c.Id == s.ServiceCentreId));
    }

    static GeneratedCatalogue Generate() =>
        new CatalogueGenerator(Files.Taxonomy(), Today).MontrealPilot(Files.CommunityPlaces(), Centres());

    // Read once: the province's territories are the costly part of the files, and the generator only reads them.
    static List<Core.Schools.ServiceCentre> Centres() => PilotCentres.Value;

    static readonly Lazy<List<Core.Schools.ServiceCentre>> PilotCentres = new(() =>
        ProvinceFiles.Default.ServiceCentres().Where(c => SeedFiles.PilotServiceCentreCodes.Contains(c.Code)).ToList());

    // The pilot's schools of the ministry's deprivation file: every one has a position.
    static List<Core.Schools.School> PilotPrimarySchools()
    {
        var pilot = SeedFiles.PilotServiceCentreCodes.Select(code => StableId.From("css", code)).ToHashSet();
        return ProvinceFiles.Default.Schools().Where(s => pilot.Contains(s.ServiceCentreId) && s.Teaches(Core.Schools.SchoolLevels.Primary)).ToList();
    }

    static string Snapshot(GeneratedCatalogue c) => JsonSerializer.Serialize(new
    {
        Organizations = c.Organizations.Select(o => new { o.Id, o.Name, o.Phone, o.Description }),
        Locations = c.Locations.Select(l => new { l.Id, l.OrganizationId, l.Latitude, l.Longitude }),
        Services = c.Services.Select(s => new { s.Id, s.Name, s.Languages, s.Cost, s.Capacity.Available, s.AssuredDate, Area = s.ServiceArea?.ToText() }),
        Schedules = c.Schedules.Select(s => new { s.Id, s.ServiceId, s.ByDay, s.OpensAt, s.ClosesAt }),
    });
}
