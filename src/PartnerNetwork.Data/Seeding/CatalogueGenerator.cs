using PartnerNetwork.Core.Coverage;
using Bogus;
using NetTopologySuite.Geometries.Prepared;
using Geometry = NetTopologySuite.Geometries.Geometry;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Core.Schools;

namespace PartnerNetwork.Data.Seeding;

/// <summary>Rows of a generated directory, in foreign-key order for insertion.</summary>
public sealed class GeneratedCatalogue
{
    public List<Organization> Organizations { get; } = [];
    public List<Location> Locations { get; } = [];
    public List<Service> Services { get; } = [];
    public List<ServiceCategory> ServiceCategories { get; } = [];
    public List<ServiceAtLocation> ServiceAtLocations { get; } = [];
    public List<Schedule> Schedules { get; } = [];
    public List<ServiceText> ServiceTexts { get; } = [];

    /// <summary>Writes every row in bulk, parents before children.</summary>
    public async Task InsertAsync(PartnerNetworkDb db, CancellationToken cancel = default)
    {
        await BulkInsert.InsertAsync(db, Organizations, cancel);
        await BulkInsert.InsertAsync(db, Locations, cancel);
        await BulkInsert.InsertAsync(db, Services, cancel);
        await BulkInsert.InsertAsync(db, ServiceCategories, cancel);
        await BulkInsert.InsertAsync(db, ServiceAtLocations, cancel);
        await BulkInsert.InsertAsync(db, Schedules, cancel);
        await BulkInsert.InsertAsync(db, ServiceTexts, cancel);
    }
}

/// <summary>
/// Fictitious partner organisations and services (Bogus, fr_CA) placed at real places.
/// Deterministic: the same seed and inputs give the same rows, ids included.
/// </summary>
public sealed class CatalogueGenerator(IReadOnlyList<NeedCategory> taxonomy, DateOnly today, int seed = 42)
{
    public const string FictitiousNote = "Organisme fictif créé pour la démonstration.";

    readonly Faker faker = new("fr_CA") { Random = new Randomizer(seed) };
    readonly Dictionary<string, NeedCategory> categories = taxonomy.ToDictionary(c => c.Code);
    readonly HashSet<string> organizationNames = [];

    Randomizer Random => faker.Random;

    /// <summary>The Montréal pilot: organisations at real community places, plus a few province-wide remote lines.</summary>
    public GeneratedCatalogue MontrealPilot(IReadOnlyList<CommunityPlace> places, IReadOnlyList<ServiceCentre> serviceCentres,
        int organizations = 60)
    {
        var catalogue = new GeneratedCatalogue();
        // Real territories have thousands of vertices: prepared once, each point test is a lookup, not a full relate.
        var territories = serviceCentres.Where(c => c.Territory is not null)
            .Select(c => (Territory: c.Territory!, Prepared: PreparedGeometryFactory.Prepare(c.Territory))).ToList();
        var shuffled = Random.Shuffle(places.OrderBy(p => p.Id)).ToList();
        var next = 0;
        for (var i = 0; i < organizations; i++)
        {
            var home = shuffled[next++ % shuffled.Count];
            var organization = NewOrganization(catalogue, home.Borough, "514");
            var sites = new List<Location> { NewLocation(catalogue, organization, home.Name, home.Address, home.City, home.PostalCode, home.Latitude, home.Longitude) };
            if (Random.Bool(0.25f))
            {
                var second = shuffled[next++ % shuffled.Count];
                sites.Add(NewLocation(catalogue, organization, second.Name, second.Address, second.City, second.PostalCode, second.Latitude, second.Longitude));
            }
            foreach (var _ in Enumerable.Range(0, Random.Int(1, 3)))
            {
                var area = Random.Bool(0.5f) ? territories.FirstOrDefault(t => t.Prepared.Contains(Geometries.Point(home.Latitude, home.Longitude))).Territory : null;
                NewService(catalogue, organization, sites, area);
            }
        }
        foreach (var (name, code) in RemoteLines)
        {
            var organization = NewOrganization(catalogue, null, "1-800");
            NewRemoteService(catalogue, organization, name, code);
        }
        return catalogue;
    }

    /// <summary>Volume for benchmarks: <paramref name="services"/> services spread over Quebec's populated places by population.</summary>
    public GeneratedCatalogue Volume(IReadOnlyList<QuebecPlace> places, int services)
    {
        var catalogue = new GeneratedCatalogue();
        var (towns, weights) = ByPopulation(places);
        while (catalogue.Services.Count < services)
        {
            var place = Random.WeightedRandom(towns, weights);
            var organization = NewOrganization(catalogue, place.Name, "819");
            var (lat, lon) = Near(place);
            var site = NewLocation(catalogue, organization, organization.Name, faker.Address.StreetAddress(), place.Name,
                faker.Address.ZipCode("?#? #?#").ToUpperInvariant(), lat, lon);
            var count = Math.Min(Random.Int(1, 5), services - catalogue.Services.Count);
            for (var i = 0; i < count; i++)
            {
                if (Random.Bool(0.01f))
                    NewRemoteService(catalogue, organization, $"Ligne d'écoute {place.Region}", Random.ArrayElement(RemoteLines).Code);
                else
                    NewService(catalogue, organization, [site], area: null);
            }
        }
        return catalogue;
    }

    public const int UrbanCityPopulation = 100_000;

    /// <summary>Fictitious schools spread like the population, attached to one fictitious CSS per region.</summary>
    public (List<ServiceCentre> ServiceCentres, List<School> Schools) VolumeSchools(IReadOnlyList<QuebecPlace> places, int count)
    {
        var centres = places.Select(p => p.Region).Distinct().Order(StringComparer.Ordinal)
            .Select((region, i) => new ServiceCentre
            {
                Id = StableId.From("css", $"9{i:00}000"),
                Code = $"9{i:00}000",
                Name = $"CSS fictif — {region}",
                // A region with a city of 100,000 people reads distances as a town does; the others as the countryside.
                Profile = places.Where(p => p.Region == region).Max(p => p.Population) >= UrbanCityPopulation ? CoverageProfile.Urban : CoverageProfile.Rural,
            }).ToList();
        var byRegion = places.Select(p => p.Region).Distinct().Order(StringComparer.Ordinal)
            .Zip(centres).ToDictionary(x => x.First, x => x.Second.Id);
        var (towns, weights) = ByPopulation(places);
        var schools = new List<School>(count);
        for (var i = 0; i < count; i++)
        {
            var place = Random.WeightedRandom(towns, weights);
            var (lat, lon) = Near(place);
            var code = $"9{i:00000}";
            schools.Add(new School
            {
                Id = StableId.From("school", code),
                Code = code,
                Name = $"École {faker.Name.FirstName()}-{faker.Name.LastName()}",
                Address = faker.Address.StreetAddress(),
                City = place.Name,
                PostalCode = faker.Address.ZipCode("?#? #?#").ToUpperInvariant(),
                Latitude = lat,
                Longitude = lon,
                Levels = Random.Bool(0.75f) ? SchoolLevels.Preschool | SchoolLevels.Primary : SchoolLevels.Secondary,
                Enrolment = Random.Int(80, 1200),
                ImseDecile = Random.Int(1, 10),
                SfrDecile = Random.Int(1, 10),
                ServiceCentreId = byRegion[place.Region],
            });
        }
        return (centres, schools);
    }

    static readonly (string Name, string Code)[] RemoteLines =
    [
        ("Ligne d'aide aux devoirs Coup de pouce", "homework-help"),
        ("Ligne d'écoute jeunesse Tremplin", "mental-health"),
        ("Ligne Parents en confiance", "parenting-support"),
    ];

    static readonly string[] OrganizationKinds =
    [
        "Maison de la famille", "Carrefour familial", "Centre communautaire", "Entraide", "Regroupement des familles",
        "Maison des jeunes", "Comptoir alimentaire", "Centre d'action bénévole", "Coopérative de solidarité",
        "Carrefour jeunesse", "Répit-Parents", "Le Pont", "L'Escale", "Le Phare", "La Ruche", "Alliance des parents",
    ];

    // Service names and descriptions per need category: what partners really offer, in their words.
    static readonly Dictionary<string, (string Name, string Description)[]> ServiceTemplates = new()
    {
        ["food-security"] = [("Épicerie solidaire", "Fruits, légumes et denrées de base à prix réduit pour les familles à faible revenu."),
            ("Dépannage alimentaire", "Un panier d'épicerie d'urgence chaque semaine, sur rendez-vous."),
            ("Cuisine collective", "Des parents cuisinent ensemble des repas pour la semaine et repartent avec leurs portions.")],
        ["tutoring"] = [("Tutorat individuel", "Un tuteur bénévole rencontre l'élève chaque semaine pour consolider le français et les mathématiques."),
            ("Tutorat en petits groupes", "Ateliers de rattrapage en lecture et en écriture pour les élèves en difficulté.")],
        ["homework-help"] = [("Aide aux devoirs", "Période de devoirs encadrée après l'école, avec collation, dans un local calme."),
            ("Club de devoirs du soir", "Aide aux devoirs en soirée, pour les familles dont les parents travaillent tard.")],
        ["mentoring"] = [("Jumelage mentor-jeune", "Un adulte bénévole accompagne un jeune une fois par semaine pendant un an."),
            ("Grands frères, grandes sœurs du quartier", "Jumelage de jeunes avec des étudiants du cégep du quartier.")],
        ["mental-health"] = [("Écoute et soutien psychosocial", "Rencontres avec une intervenante pour les jeunes et les parents qui vivent une période difficile."),
            ("Groupe d'entraide pour l'anxiété", "Groupe animé pour les 10 à 17 ans qui vivent de l'anxiété.")],
        ["parenting-support"] = [("Ateliers Y'APP", "Ateliers pour les parents : routines, discipline positive, communication avec l'école."),
            ("Halte-parents", "Un lieu où les parents échangent autour d'un café pendant que les enfants jouent.")],
        ["interpretation-francisation"] = [("Interprètes communautaires", "Interprètes pour accompagner les familles aux rencontres à l'école et aux rendez-vous."),
            ("Francisation des parents", "Cours de français pour parents immigrants, avec halte-garderie sur place.")],
        ["material-financial-help"] = [("Fournitures scolaires", "Sacs d'école et fournitures pour la rentrée, sur référence."),
            ("Comptoir vestimentaire", "Vêtements et bottes d'hiver pour enfants à petit prix."),
            ("Clinique d'impôts", "Des bénévoles remplissent les déclarations de revenus pour toucher les prestations familiales.")],
        ["recreation-sport"] = [("Camp de jour accessible", "Camp de jour d'été à tarif modulé selon le revenu."),
            ("Sports après l'école", "Soccer, basketball et danse gratuits après l'école.")],
        ["early-childhood"] = [("Halte-garderie", "Garde ponctuelle des 0 à 5 ans pendant que le parent fait ses démarches."),
            ("Passe-Partout maison", "Activités de préparation à la maternelle pour les 4 ans et leurs parents.")],
        ["housing"] = [("Comité logement", "Information sur les droits des locataires et aide à la recherche de logement."),
            ("Hébergement d'urgence familles", "Hébergement temporaire pour les familles sans logis.")],
        ["parent-employment"] = [("Recherche d'emploi pour parents", "Accompagnement personnalisé vers l'emploi, horaires adaptés aux parents."),
            ("Reconnaissance des acquis", "Aide aux parents immigrants pour faire reconnaître leurs diplômes.")],
    };

    static readonly string[] OtherLanguages = ["es", "ar", "zh", "vi", "ht", "fa", "ta", "pt", "ru", "uk", "tl", "bn", "pa"];

    Organization NewOrganization(GeneratedCatalogue catalogue, string? area, string areaCode)
    {
        var kind = Random.ArrayElement(OrganizationKinds);
        var name = !string.IsNullOrEmpty(area) && Random.Bool(0.6f) ? $"{kind} {Of(area)}" : $"{kind} {faker.Name.LastName()}";
        // At provincial scale the plausible names run out: number the branches, as real networks do.
        for (var branch = 2; !organizationNames.Add(name); branch++)
            name = $"{kind} {Of(string.IsNullOrEmpty(area) ? faker.Name.LastName() : area)} no {branch}";
        var organization = new Organization
        {
            Id = StableId.Next(Random),
            Name = name,
            Description = $"{faker.PickRandom(Missions)} {FictitiousNote}",
            Email = $"info@{Slug(name)}.example",
            Phone = faker.Phone.PhoneNumber(areaCode == "1-800" ? "1-800-###-####" : $"{areaCode}-###-####"),
            Website = $"https://{Slug(name)}.example",
            IsFictitious = true,
        };
        catalogue.Organizations.Add(organization);
        return organization;
    }

    static readonly string[] Missions =
    [
        "Nous soutenons les familles du quartier pour briser l'isolement et favoriser la réussite des enfants.",
        "Organisme communautaire au service des familles depuis plus de vingt ans.",
        "Nous accueillons les familles, d'ici et d'ailleurs, et les accompagnons dans leurs démarches.",
        "Un milieu de vie pour les jeunes et leurs parents, ouvert à tous.",
    ];

    Location NewLocation(GeneratedCatalogue catalogue, Organization organization, string name, string address, string city,
        string postalCode, double lat, double lon)
    {
        var location = new Location
        {
            Id = StableId.Next(Random),
            OrganizationId = organization.Id,
            Name = name,
            Address1 = address,
            City = city,
            PostalCode = postalCode,
            Latitude = Math.Round(lat, 6),
            Longitude = Math.Round(lon, 6),
            Accessibility = Random.ArrayElement(AccessibilityNotes),
        };
        catalogue.Locations.Add(location);
        return location;
    }

    static readonly string?[] AccessibilityNotes =
    [
        "Entrée de plain-pied, toilettes adaptées.", "Ascenseur disponible; entrée par la porte de côté.",
        "Local au 2e étage sans ascenseur.", "À deux minutes d'un arrêt d'autobus.", null,
    ];

    void NewService(GeneratedCatalogue catalogue, Organization organization, List<Location> sites, Geometry? area)
    {
        var codes = Random.ListItems(ServiceTemplates.Keys.Where(categories.ContainsKey).ToList(), Random.Int(1, 2));
        var (name, description) = Random.ArrayElement(ServiceTemplates[codes[0]]);
        var service = Describe(organization, name, description, codes);
        service.ServiceArea = area;
        foreach (var site in sites)
            catalogue.ServiceAtLocations.Add(new ServiceAtLocation { Id = StableId.Next(Random), ServiceId = service.Id, LocationId = site.Id });
        AddHours(catalogue, service, sites[0].Id);
        Add(catalogue, service);
    }

    void NewRemoteService(GeneratedCatalogue catalogue, Organization organization, string name, string code)
    {
        var service = Describe(organization, name,
            "Service gratuit par téléphone, texto et clavardage, offert partout au Québec.", [code]);
        service.IsRemote = true;
        service.Cost = Cost.Free;
        service.ServiceArea = Geometries.QuebecExtent();
        AddHours(catalogue, service, locationId: null);
        Add(catalogue, service);
    }

    /// <summary>Names already given to each organisation's services: an organisation never lists the same service twice.</summary>
    readonly Dictionary<Guid, HashSet<string>> serviceNames = [];

    Service Describe(Organization organization, string name, string description, IList<string> codes)
    {
        var templateName = name;
        var names = serviceNames.TryGetValue(organization.Id, out var used) ? used : serviceNames[organization.Id] = [];
        var unique = name;
        for (var n = 2; !names.Add(unique); n++) unique = $"{name} ({n})";
        name = unique;
        var maximum = Random.Int(10, 80);
        var full = Random.Bool(0.2f);
        var keepsWaitlist = Random.Bool(0.5f);
        var service = new Service
        {
            Id = StableId.Next(Random),
            OrganizationId = organization.Id,
            Name = name,
            Description = description,
            Languages = Languages(),
            Cost = Random.WeightedRandom([Cost.Free, Cost.LowCost, Cost.Fee], [0.7f, 0.2f, 0.1f]),
            Capacity = new ServiceCapacity
            {
                Maximum = maximum,
                Available = full ? 0 : Random.Int(1, maximum),
                Unit = "familles",
                Updated = today.AddDays(-Random.Int(0, 60)).ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc),
            },
            KeepsWaitlist = keepsWaitlist,
            WaitlistLength = full && keepsWaitlist ? Random.Int(1, 15) : 0,
            AcceptsReferrals = Random.Bool(0.9f),
            ReferralContactName = faker.Name.FullName(),
            ReferralEmail = $"references@{Slug(organization.Name)}.example",
            ReferralPhone = organization.Phone,
            AssuredDate = today.AddDays(-ConfirmedDaysAgo(Random.Int(0, 540))),
        };
        Eligibility(service, codes[0]);
        DemoTranslations.AddTo(service, templateName);
        service.Categories.AddRange(codes.Select(c => new ServiceCategory { ServiceId = service.Id, NeedCategoryId = categories[c].Id }));
        return service;
    }

    /// <summary>
    /// How long ago a generated listing was confirmed, from one draw in 0..540 (one draw, so the rest of the data stays
    /// as it was): three in five within the last five months, about a quarter due again (6 to 12 months), one in eight
    /// stale (over a year) — so the first verification run sends requests and the freshness page has real figures.
    /// </summary>
    static int ConfirmedDaysAgo(int draw) => draw switch
    {
        < 324 => draw * 150 / 324,
        < 475 => 190 + (draw - 324) * 170 / 151,
        _ => 370 + (draw - 475) * 170 / 65,
    };

    static void Add(GeneratedCatalogue catalogue, Service service)
    {
        catalogue.Services.Add(service);
        catalogue.ServiceCategories.AddRange(service.Categories);
        catalogue.ServiceTexts.AddRange(service.Texts);
    }

    List<string> Languages()
    {
        var languages = new List<string> { "fr" };
        if (Random.Bool(0.5f)) languages.Add("en");
        if (Random.Bool(0.3f)) languages.Add(Random.ArrayElement(OtherLanguages));
        return languages;
    }

    void Eligibility(Service service, string code)
    {
        switch (code)
        {
            case "homework-help" or "tutoring":
                var secondary = Random.Bool(0.3f);
                (service.MinimumGrade, service.MaximumGrade) = secondary ? (7, 11) : (1, 6);
                service.EligibilityDescription = secondary ? "Élèves du secondaire." : "Élèves du primaire.";
                break;
            case "early-childhood":
                (service.MinimumAge, service.MaximumAge) = (0, 5);
                service.EligibilityDescription = "Enfants de 0 à 5 ans et leurs parents.";
                break;
            case "mentoring" or "mental-health":
                (service.MinimumAge, service.MaximumAge) = (8, 17);
                service.EligibilityDescription = "Jeunes de 8 à 17 ans.";
                break;
        }
    }

    // Weekday daytime for most; some evenings and Saturdays, which working parents need.
    void AddHours(GeneratedCatalogue catalogue, Service service, Guid? locationId)
    {
        var opened = 0;
        void Open(DayOfWeek day, int from, int to)
        {
            opened++;
            catalogue.Schedules.Add(new Schedule
            {
                Id = StableId.Next(Random), ServiceId = service.Id, LocationId = locationId,
                ByDay = day, OpensAt = new TimeOnly(from, 0), ClosesAt = new TimeOnly(to, 0),
            });
        }

        var daytime = Random.Bool(0.8f);
        foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })
        {
            if (daytime && Random.Bool(0.8f)) Open(day, Random.Int(8, 10), Random.Int(15, 17));
        }
        if (Random.Bool(0.35f) || !daytime)
        {
            Open(DayOfWeek.Tuesday, 18, 21);
            Open(DayOfWeek.Thursday, 18, 21);
        }
        if (Random.Bool(0.2f)) Open(DayOfWeek.Saturday, 10, 14);
        if (opened == 0)
            Open(DayOfWeek.Wednesday, 9, 16);
    }

    // Bogus draws against cumulative weights in [0, 1): they must sum to 1.
    static (QuebecPlace[] Places, float[] Weights) ByPopulation(IReadOnlyList<QuebecPlace> places)
    {
        var total = places.Sum(p => (double)p.Population);
        return (places.ToArray(), places.Select(p => (float)(p.Population / total)).ToArray());
    }

    (double Lat, double Lon) Near(QuebecPlace place)
    {
        // Spread grows with the town: a few hundred metres in a village, several km in Montréal.
        var radiusKm = 1 + Math.Sqrt(place.Population) / 150;
        var distance = Math.Abs(Random.Double() + Random.Double() - 1) * radiusKm;
        var bearing = Random.Double() * 2 * Math.PI;
        var lat = place.Latitude + distance / 111.2 * Math.Cos(bearing);
        var lon = place.Longitude + distance / (111.2 * Math.Cos(place.Latitude * Math.PI / 180)) * Math.Sin(bearing);
        return (Math.Round(lat, 6), Math.Round(lon, 6));
    }

    static string Of(string area) =>
        "AEIOUÉÈÎaeiouéèî".Contains(area[0]) ? $"d'{area}" : $"de {area}";

    static string Slug(string name)
    {
        var ascii = new string(name.Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => char.IsAsciiLetterOrDigit(c)).ToArray()).ToLowerInvariant();
        return ascii.Length > 40 ? ascii[..40] : ascii;
    }
}
