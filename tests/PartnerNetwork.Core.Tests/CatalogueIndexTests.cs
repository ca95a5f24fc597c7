using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Catalogue.Search;
using PartnerNetwork.Core.Geo;

namespace PartnerNetwork.Core.Tests;

public class CatalogueIndexTests
{
    static readonly Guid Food = Guid.NewGuid(), Homework = Guid.NewGuid(), Mentoring = Guid.NewGuid();

    static CatalogueEntry Entry(string name, double lat, double lon, Guid? category = null, Action<Mutable>? tweak = null)
    {
        var m = new Mutable();
        tweak?.Invoke(m);
        return new CatalogueEntry
        {
            ServiceId = Guid.NewGuid(),
            OrganizationId = Guid.NewGuid(),
            ServiceName = name,
            OrganizationName = m.Organization,
            Description = m.Description,
            CategoryIds = [category ?? Food],
            CategoryText = m.CategoryText,
            Languages = m.Languages,
            Cost = m.Cost,
            OpenEvenings = m.Evenings,
            OpenWeekends = m.Weekends,
            CapacityState = m.Capacity,
            MinimumAge = m.MinAge, MaximumAge = m.MaxAge, MinimumGrade = m.MinGrade, MaximumGrade = m.MaxGrade,
            IsRemote = m.Remote,
            ServiceArea = m.Area,
            Sites = m.Remote ? [] : [new CatalogueSite(Guid.NewGuid(), lat, lon, "1 rue Test")],
        };
    }

    sealed class Mutable
    {
        public string Organization = "Organisme";
        public string Description = "";
        public string CategoryText = "";
        public List<string> Languages = ["fr"];
        public Cost Cost = Cost.Free;
        public bool Evenings, Weekends, Remote;
        public CapacityState Capacity = CapacityState.TakingReferrals;
        public int? MinAge, MaxAge, MinGrade, MaxGrade;
        public NetTopologySuite.Geometries.Geometry? Area;
    }

    static readonly GeoOrigin Montreal = new(45.5019, -73.5674);

    [Fact]
    public void Nearest_first_and_radius_match_a_brute_force_haversine_scan()
    {
        var random = new Random(11);
        var entries = Enumerable.Range(0, 3000).Select(i =>
            Entry($"S{i}", 45 + random.NextDouble() * 2, -74.5 + random.NextDouble() * 2, i % 3 == 0 ? Homework : Food)).ToList();
        var index = CatalogueIndex.Build(entries, Guid.NewGuid());

        for (var q = 0; q < 300; q++)
        {
            var origin = new GeoOrigin(45 + random.NextDouble() * 2, -74.5 + random.NextDouble() * 2);
            var km = 1 + random.NextDouble() * 40;
            var categories = q % 2 == 0 ? [] : new[] { Homework };
            var expected = entries
                .Where(e => categories.Length == 0 || e.CategoryIds.Contains(Homework))
                .Select(e => (e.ServiceId, Km: Geodesy.DistanceKm(origin.Latitude, origin.Longitude, e.Sites[0].Latitude, e.Sites[0].Longitude)))
                .Where(x => x.Km <= km).OrderBy(x => x.Km).ToList();
            var result = index.Search(new CatalogueQuery { Origin = origin, RadiusKm = km, CategoryIds = categories, PageSize = 100 });

            Assert.Equal(expected.Count, result.Total);
            Assert.Equal(expected.Take(100).Select(x => x.ServiceId), result.Hits.Select(h => h.Entry.ServiceId));
            Assert.All(result.Hits.Zip(expected), pair => Assert.Equal(pair.Second.Km, pair.First.DistanceKm!.Value, 9));
        }
    }

    [Fact]
    public void A_service_with_several_sites_appears_once_at_its_nearest_site_even_under_concurrent_searches()
    {
        var random = new Random(5);
        var entries = Enumerable.Range(0, 2000).Select(i => Entry($"S{i}", 0, 0, i % 2 == 0 ? Homework : Food) with
        {
            Sites = Enumerable.Range(0, 1 + i % 3).Select(_ => new CatalogueSite(Guid.NewGuid(), 45 + random.NextDouble(), -74 + random.NextDouble(), "x")).ToList(),
        }).ToList();
        var index = CatalogueIndex.Build(entries, Guid.NewGuid());
        var queries = Enumerable.Range(0, 200).Select(q => new CatalogueQuery
        {
            Origin = new GeoOrigin(45 + random.NextDouble(), -74 + random.NextDouble()),
            RadiusKm = 5 + random.NextDouble() * 30,
            CategoryIds = q % 2 == 0 ? [] : [Homework],
            Text = q % 5 == 0 ? "s19" : null,
            PageSize = 100,
        }).ToList();

        List<(Guid, double)> Expected(CatalogueQuery query) => entries
            .Where(e => query.CategoryIds.Count == 0 || e.CategoryIds.Contains(Homework))
            .Where(e => query.Text is null || e.ServiceName.StartsWith("S19", StringComparison.Ordinal))
            .Select(e => (e.ServiceId, Km: e.Sites.Min(s => Geodesy.DistanceKm(query.Origin!.Latitude, query.Origin.Longitude, s.Latitude, s.Longitude))))
            .Where(x => x.Km <= query.RadiusKm).OrderBy(x => x.Km).Take(100).ToList();

        // Searches share the index's reusable working memory: in parallel they must still answer exactly.
        var results = new CatalogueResult[queries.Count];
        Parallel.For(0, queries.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, q => results[q] = index.Search(queries[q]));

        for (var q = 0; q < queries.Count; q++)
        {
            var expected = Expected(queries[q]);
            Assert.Equal(expected.Select(x => x.Item1), results[q].Hits.Select(h => h.Entry.ServiceId));
            Assert.All(results[q].Hits.Zip(expected), pair => Assert.Equal(pair.Second.Item2, pair.First.DistanceKm!.Value, 9));
        }
    }

    [Fact]
    public void Each_filter_keeps_only_matching_services()
    {
        var all = new[]
        {
            Entry("Anglais", 45.5, -73.57, tweak: m => m.Languages = ["fr", "en"]),
            Entry("Soir", 45.5, -73.57, tweak: m => m.Evenings = true),
            Entry("Samedi", 45.5, -73.57, tweak: m => m.Weekends = true),
            Entry("Payant", 45.5, -73.57, tweak: m => m.Cost = Cost.Fee),
            Entry("Complet", 45.5, -73.57, tweak: m => m.Capacity = CapacityState.Full),
            Entry("Petits", 45.5, -73.57, tweak: m => (m.MinAge, m.MaxAge) = (0, 5)),
            Entry("Primaire", 45.5, -73.57, tweak: m => (m.MinGrade, m.MaxGrade) = (1, 6)),
            Entry("Mentorat", 45.5, -73.57, Mentoring),
        };
        var index = CatalogueIndex.Build(all, Guid.NewGuid());
        string[] Names(CatalogueQuery q) => index.Search(q with { PageSize = 100 }).Hits.Select(h => h.Entry.ServiceName).Order().ToArray();

        Assert.Equal(["Anglais"], Names(new() { Language = "en" }));
        Assert.Equal(["Soir"], Names(new() { OpenEvenings = true }));
        Assert.Equal(["Samedi"], Names(new() { OpenWeekends = true }));
        Assert.DoesNotContain("Payant", Names(new() { FreeOnly = true }));
        Assert.Equal(7, Names(new() { FreeOnly = true }).Length);
        Assert.DoesNotContain("Complet", Names(new() { AcceptingReferrals = true }));
        Assert.Equal(["Mentorat"], Names(new() { CategoryIds = [Mentoring] }));
        Assert.Equal(8, Names(new() { CategoryIds = [Mentoring, Food] }).Length);
        Assert.DoesNotContain("Petits", Names(new() { Age = 9 }));
        Assert.Contains("Petits", Names(new() { Age = 4 }));
        Assert.DoesNotContain("Primaire", Names(new() { Grade = 8 }));
        Assert.Contains("Primaire", Names(new() { Grade = 3 }));
        Assert.Empty(Names(new() { Language = "xx" }));
    }

    [Fact]
    public void Text_matching_ignores_accents_and_case_in_french_and_english()
    {
        var index = CatalogueIndex.Build(
        [
            Entry("Épicerie solidaire", 45.5, -73.57, tweak: m => m.CategoryText = "Sécurité alimentaire Food security"),
            Entry("Club du soir", 45.5, -73.57, Homework, m => m.CategoryText = "Aide aux devoirs Homework help"),
            Entry("Jumelage", 45.5, -73.57, Mentoring, m => m.CategoryText = "Mentorat Mentoring"),
        ], Guid.NewGuid());
        string[] Find(string text) => index.Search(new CatalogueQuery { Text = text }).Hits.Select(h => h.Entry.ServiceName).ToArray();

        Assert.Equal(["Épicerie solidaire"], Find("epicerie"));
        Assert.Equal(["Épicerie solidaire"], Find("ÉPICERIE"));
        Assert.Equal(["Club du soir"], Find("aide aux devoirs"));
        Assert.Equal(["Club du soir"], Find("homework help"));
        Assert.Equal(["Épicerie solidaire"], Find("aide alimentaire"));
        Assert.Equal(["Jumelage"], Find("mentor"));
        Assert.Empty(Find("piscine"));
        Assert.Empty(Find("<script>alert(1)</script>"));
    }

    [Fact]
    public void Without_a_location_the_most_relevant_come_first()
    {
        var index = CatalogueIndex.Build(
        [
            Entry("Cuisine collective", 45.5, -73.57, tweak: m => m.Description = "On parle de devoirs parfois."),
            Entry("Aide aux devoirs", 45.5, -73.57, Homework),
        ], Guid.NewGuid());
        var hits = index.Search(new CatalogueQuery { Text = "devoirs" }).Hits;
        Assert.Equal(["Aide aux devoirs", "Cuisine collective"], hits.Select(h => h.Entry.ServiceName));
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public void Remote_services_come_after_nearby_ones_without_a_distance_and_only_inside_their_area()
    {
        var index = CatalogueIndex.Build(
        [
            Entry("Ligne provinciale", 0, 0, Homework, m => { m.Remote = true; m.Area = Geometries.QuebecExtent(); }),
            Entry("Aide de quartier", 45.51, -73.57, Homework),
        ], Guid.NewGuid());

        var inMontreal = index.Search(new CatalogueQuery { Origin = Montreal, RadiusKm = 10, CategoryIds = [Homework] }).Hits;
        Assert.Equal(["Aide de quartier", "Ligne provinciale"], inMontreal.Select(h => h.Entry.ServiceName));
        Assert.NotNull(inMontreal[0].DistanceKm);
        Assert.Null(inMontreal[1].DistanceKm);
        Assert.Null(inMontreal[1].Site);

        var inToronto = index.Search(new CatalogueQuery { Origin = new GeoOrigin(43.65, -79.38), RadiusKm = 10 }).Hits;
        Assert.Empty(inToronto);
    }

    [Fact]
    public void Around_a_point_a_generic_words_share_of_the_score_is_the_one_given_without_a_point()
    {
        var index = CatalogueIndex.Build(
        [
            Entry("Dépannage alimentaire", 45.51, -73.57, tweak: m => m.Description = "Aide, aide et encore de l'aide."),
            Entry("Épicerie solidaire", 45.52, -73.57, tweak: m => m.Description = "Panier alimentaire."),
            Entry("Ligne alimentaire A", 0, 0, tweak: m => { m.Remote = true; m.Area = Geometries.QuebecExtent(); }),
            Entry("Ligne alimentaire B", 0, 0, tweak: m => { m.Remote = true; m.Area = Geometries.QuebecExtent(); m.Description = "De l'aide au téléphone."; }),
        ], Guid.NewGuid());
        var anywhere = index.Search(new CatalogueQuery { Text = "aide alimentaire" }).Hits.ToDictionary(h => h.Entry.ServiceName, h => h.Score);
        var around = index.Search(new CatalogueQuery { Text = "aide alimentaire", Origin = Montreal, RadiusKm = 10 }).Hits;
        Assert.Equal(4, around.Count);
        Assert.All(around, h => Assert.Equal(anywhere[h.Entry.ServiceName], h.Score));
        Assert.True(anywhere["Ligne alimentaire B"] > anywhere["Ligne alimentaire A"]);
        // Remote services come by score: the one that also says "aide" first, not by name.
        Assert.Equal(["Ligne alimentaire B", "Ligne alimentaire A"], around.Where(h => h.Entry.IsRemote).Select(h => h.Entry.ServiceName));
    }

    [Fact]
    public void Results_are_paged()
    {
        var index = CatalogueIndex.Build(Enumerable.Range(0, 45).Select(i => Entry($"S{i:00}", 45.5, -73.57)), Guid.NewGuid());
        var page3 = index.Search(new CatalogueQuery { Page = 3, PageSize = 20 });
        Assert.Equal(45, page3.Total);
        Assert.Equal(3, page3.PageCount);
        Assert.Equal(5, page3.Hits.Count);
        Assert.Equal("S40", page3.Hits[0].Entry.ServiceName);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("aide", false)]
    [InlineData(null, true)]
    [InlineData("aide", true)]
    public void All_hits_come_in_the_order_the_pages_give_them(string? text, bool nearby)
    {
        var random = new Random(3);
        var index = CatalogueIndex.Build(Enumerable.Range(0, 250).Select(i => Entry(
            (i % 3 == 0 ? "Aide " : "Atelier ") + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture),
            45.5 + random.NextDouble() * 0.2, -73.6 + random.NextDouble() * 0.2, i % 2 == 0 ? Food : Homework)), Guid.NewGuid());
        var query = new CatalogueQuery { Text = text, Origin = nearby ? Montreal : null, RadiusKm = 20, PageSize = 20 };
        var paged = Enumerable.Range(1, 20).SelectMany(p => index.Search(query with { Page = p }) is var r && r.Page == p ? r.Hits : []).ToList();
        var all = index.All(query);
        Assert.Equal(index.Search(query).Total, all.Count);
        Assert.Equal(paged.Select(h => (h.Entry.ServiceId, h.DistanceKm)), all.Select(h => (h.Entry.ServiceId, h.DistanceKm)));
        Assert.True(all.Count > 20);
    }

    [Fact]
    public void The_language_picker_offers_the_directorys_languages_most_listings_first()
    {
        var index = CatalogueIndex.Build([
            Entry("Un", 45.5, -73.57, tweak: m => m.Languages = ["fr", "ur"]),
            Entry("Deux", 45.5, -73.57, tweak: m => m.Languages = ["fr", "en", "ur"]),
            Entry("Trois", 45.5, -73.57, tweak: m => m.Languages = ["fr", "pl"]),
        ], Guid.NewGuid());
        Assert.Equal(["fr", "ur", "en", "pl"], index.LanguagesByUse);
        Assert.Equal(2, index.Search(new CatalogueQuery { Language = "ur" }).Total);
    }
}
