using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Referrals;
using Microsoft.Extensions.Logging;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Schools;

using PartnerNetwork.Core.Time;

namespace PartnerNetwork.Data.Seeding;

public sealed record DemoSignIn(string Email, Role Role, string Description);

/// <summary>Fills the database: reference data (roles, taxonomy, pilot schools), the demo scenario, and volume.</summary>
public sealed class Seeder(PartnerNetworkDb db, UserManager<User> users, RoleManager<IdentityRole<Guid>> roles,
    TimeProvider clock, ILogger<Seeder> log)
{
    public const string AgentEmail = "agent@demo.local";
    public const string PartnerEmail = "partner@demo.local";
    public const string CssEmail = "css@demo.local";
    public const string AdminEmail = "admin@demo.local";

    /// <summary>The pilot CSS the demo agent and coordinator belong to: the CSS de Montréal.</summary>
    public const string DemoServiceCentreCode = "762000";

    /// <summary>Roles, need taxonomy, the province's 72 CSS and school boards and all their schools. Safe to call at every start.</summary>
    public async Task SeedReferenceAsync(SeedFiles files, CancellationToken cancel = default)
    {
        foreach (var role in Enum.GetNames<Role>())
        {
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = StableId.From("role", role) }));
        }
        if (!await db.NeedCategories.AnyAsync(cancel))
        {
            db.NeedCategories.AddRange(files.Taxonomy());
            await db.SaveChangesAsync(cancel);
        }
        await SeedProvinceAsync(ProvinceFiles.Default, cancel);
    }

    /// <summary>
    /// Adds the CSS and schools of the province not in the database yet; schools seeded before buildings existed (the
    /// Montréal pilot) get their buildings and levels. Nothing else is touched: the yearly refresh command applies newer files.
    /// </summary>
    public async Task SeedProvinceAsync(ProvinceFiles province, CancellationToken cancel = default)
    {
        var known = (await db.ServiceCentres.Select(c => c.Code).ToListAsync(cancel)).ToHashSet();
        // The check at every start: one small query once the province is there.
        if (ProvinceCodes.All(known.Contains) && await db.SchoolSites.AnyAsync(cancel))
            return;

        var timer = System.Diagnostics.Stopwatch.StartNew();
        var centres = province.ServiceCentres();
        var schools = province.Schools();
        await db.InTransactionAsync(async () =>
        {
            await BulkInsert.InsertAsync(db, centres.Where(c => !known.Contains(c.Code)).ToList(), cancel);
            foreach (var centre in centres.Where(c => known.Contains(c.Code)))
                await db.ServiceCentres.Where(c => c.Code == centre.Code).ExecuteUpdateAsync(u => u.SetProperty(c => c.Kind, centre.Kind), cancel);

            var existing = await db.Schools.Select(s => new { s.Code, HasSites = db.SchoolSites.Any(x => x.SchoolId == s.Id) })
                .ToDictionaryAsync(s => s.Code, s => s.HasSites, cancel);
            var added = schools.Where(s => !existing.ContainsKey(s.Code)).ToList();
            await BulkInsert.InsertAsync(db, added, cancel);
            var upgraded = schools.Where(s => existing.TryGetValue(s.Code, out var hasSites) && !hasSites).ToList();
            foreach (var school in upgraded)
                await db.Schools.Where(s => s.Code == school.Code).ExecuteUpdateAsync(u => u.SetProperty(s => s.Levels, school.Levels), cancel);
            await BulkInsert.InsertAsync(db, added.Concat(upgraded).SelectMany(s => s.Sites).ToList(), cancel);
            return added.Count;
        }, beforeRetry: () => { }, cancel);
        log.LogInformation("Seeded the province: {Centres} CSS and school boards, {Schools} schools, in {Seconds:N1} s.", centres.Count, schools.Count, timer.Elapsed.TotalSeconds);
    }

    /// <summary>The ministry codes of the 72 CSS and school boards.</summary>
    public static IReadOnlyList<string> ProvinceCodes => provinceCodes.Value;

    static readonly Lazy<string[]> provinceCodes = new(() => ProvinceFiles.Default.ServiceCentreCodes());

    /// <summary>The Montréal demo: about 60 fictitious partners and one user per role, all signing in with <paramref name="password"/>.</summary>
    public async Task<IReadOnlyList<DemoSignIn>> SeedDemoAsync(SeedFiles files, string password, CancellationToken cancel = default)
    {
        if (!await db.Organizations.AnyAsync(cancel))
        {
            var centres = await db.ServiceCentres.Where(c => SeedFiles.PilotServiceCentreCodes.Contains(c.Code)).ToListAsync(cancel);
            var taxonomy = await db.NeedCategories.OrderBy(c => c.SortOrder).ToListAsync(cancel);
            var catalogue = new CatalogueGenerator(taxonomy, QuebecTime.Today(clock)).MontrealPilot(files.CommunityPlaces(), centres);
            await catalogue.InsertAsync(db, cancel);
            log.LogInformation("Seeded {Organizations} demo organisations with {Services} services.",
                catalogue.Organizations.Count, catalogue.Services.Count);
        }

        var centre = await db.ServiceCentres.SingleAsync(c => c.Code == DemoServiceCentreCode, cancel);
        // The agent's caseload: three of the most disadvantaged schools of the CSS.
        var agentSchools = await db.Schools.Where(s => s.ServiceCentreId == centre.Id && s.ImseDecile == 10)
            .OrderBy(s => s.Code).Select(s => s.Id).Take(3).ToListAsync(cancel);
        // The public data has no school phones; the demo's schools get numbers from the fictitious 555-01xx range.
        await db.Schools.Where(s => agentSchools.Contains(s.Id) && s.Phone == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Phone, "514-555-0150"), cancel);
        var partner = await db.Organizations.Where(o => !o.Services.Any(s => s.IsRemote))
            .OrderBy(o => o.Name).FirstAsync(cancel);

        await EnsureUserAsync(AgentEmail, "Agente Démo", Role.Agent, password, u => { u.ServiceCentreId = centre.Id; }, agentSchools);
        await EnsureUserAsync(PartnerEmail, "Partenaire Démo", Role.PartnerStaff, password, u => { u.OrganizationId = partner.Id; }, []);
        await EnsureUserAsync(CssEmail, "Coordination Démo", Role.CssStaff, password, u => { u.ServiceCentreId = centre.Id; }, []);
        await EnsureUserAsync(AdminEmail, "Administration Démo", Role.Admin, password, _ => { }, []);
        await SeedDemoReferralAsync(agentSchools[0], partner.Id, cancel);
        // History at the other schools and partners, so the demo users' own lists stay as the scenario describes.
        if (!await db.Referrals.AnyAsync(r => r.ReferredById == HistoryAgentId, cancel))
        {
            // The pilot's primary schools in code order, as the history was first generated over.
            var others = await db.Schools.Where(s => SeedFiles.PilotServiceCentreCodes.Contains(s.ServiceCentre!.Code) && !agentSchools.Contains(s.Id)
                    && (s.Levels & SchoolLevels.Primary) != 0 && s.Latitude != null)
                .OrderBy(s => s.Code).ToListAsync(cancel);
            await SeedReferralHistoryAsync(others, DemoHistoryReferrals, seed: 42, excludeOrganization: id => id == partner.Id, cancel);
            await SeedReferralLinksAsync(cancel);
        }
        return
        [
            new(AgentEmail, Role.Agent, $"{centre.Name}, {agentSchools.Count} schools"),
            new(PartnerEmail, Role.PartnerStaff, partner.Name),
            new(CssEmail, Role.CssStaff, centre.Name),
            new(AdminEmail, Role.Admin, "all organisations and users"),
        ];
    }

    /// <summary>
    /// The organisations of the demo without accounts answer by link: each open warm handoff to one of them has the link
    /// its e-mail carried (the token itself was never kept; "send a new link" on the referral mails a usable one).
    /// </summary>
    async Task SeedReferralLinksAsync(CancellationToken cancel)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var open = await db.Referrals
            .Where(r => r.Kind == ReferralKind.WarmHandoff && !ReferralWorkflow.FinalStates.Contains(r.State)
                        && !db.Users.Any(u => u.OrganizationId == r.OrganizationId)
                        && !db.EmailLinks.Any(l => l.ReferralId == r.Id))
            .Select(r => new { r.Id, r.OrganizationId, r.CreatedAt, Email = r.Service!.ReferralEmail ?? r.Organization!.Email })
            .ToListAsync(cancel);
        foreach (var r in open.Where(r => r.Email is not null))
            db.EmailLinks.Add(EmailLink.Issue(EmailLinkPurpose.Referral, r.OrganizationId, r.Email!, r.CreatedAt, expiresAt: null, referralId: r.Id).Link);
        await db.SaveChangesAsync(cancel);
    }

    /// <summary>One fictitious family with a consent and a referral waiting in the demo partner's inbox, so both sides have something to open.</summary>
    async Task SeedDemoReferralAsync(Guid schoolId, Guid organizationId, CancellationToken cancel)
    {
        if (await db.Families.AnyAsync(cancel)) return;
        var agentId = StableId.From("user", AgentEmail);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = QuebecTime.Today(clock);
        var service = await db.Services.Include(s => s.Categories).Where(s => s.OrganizationId == organizationId && s.Status == ServiceStatus.Active && s.AcceptsReferrals)
            .OrderBy(s => s.Name).FirstAsync(cancel);
        var family = new Family
        {
            Id = StableId.From("family", "demo"), SchoolId = schoolId, Reference = "Rosa (démo)", Phone = "514-555-0100",
            PreferredLanguage = "es", InterpreterNeeded = true, Channels = ContactChannels.Phone | ContactChannels.Text,
            Times = ContactTimes.Evenings, CreatedById = agentId, CreatedAt = now, LastActivityAt = now,
        };
        family.Needs.AddRange(service.Categories.Select(c => new FamilyNeed { FamilyId = family.Id, NeedCategoryId = c.NeedCategoryId }));
        family.Consents.Add(new Consent
        {
            Id = StableId.From("consent", "demo"), FamilyId = family.Id, GivenBy = "mère", Method = ConsentMethod.Verbal, GivenOn = today,
            ExpiresOn = today.AddMonths(12), Purpose = "Orientation vers les organismes du quartier", AnyOrganization = true,
            RecordedById = agentId, RecordedAt = now,
        });
        var referral = Referral.Send(family, service, new ReferralRequest(ReferralKind.WarmHandoff, service.Categories.Select(c => c.NeedCategoryId).ToList(),
            Urgency.Soon, "Famille arrivée cet automne ; préfère être jointe en soirée, en espagnol.", ShareContact: true, FollowUpOn: null, SheetLanguage: null),
            agentId, now);
        db.Families.Add(family);
        db.Referrals.Add(referral);
        await db.SaveChangesAsync(cancel);
    }

    public const int DemoHistoryReferrals = 450;
    public static readonly Guid HistoryAgentId = StableId.From("user", "history-agent");
    public static readonly Guid HistoryPartnerId = StableId.From("user", "history-partner");

    /// <summary>
    /// A school year of fictitious referral history at <paramref name="schools"/> (this school year so far, or the last
    /// one too when this one has barely begun), attributed to two inactive history users so no real account acted.
    /// </summary>
    public async Task<GeneratedHistory> SeedReferralHistoryAsync(IReadOnlyList<School> schools, int count, int seed, Func<Guid, bool> excludeOrganization, CancellationToken cancel = default)
    {
        foreach (var (id, email, name) in new[] { (HistoryAgentId, "history-agent@demo.local", "Agente (historique de démo)"), (HistoryPartnerId, "history-partner@demo.local", "Partenaire (historique de démo)") })
        {
            if (await db.Users.AnyAsync(u => u.Id == id, cancel)) continue;
            // Inactive and without a password: nobody can sign in as history.
            Check(await users.CreateAsync(new User { Id = id, UserName = email, Email = email, DisplayName = name, EmailConfirmed = true, IsActive = false }));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var today = QuebecTime.Today(clock);
        var (start, _) = Core.Coverage.Indicators.SchoolYear(Core.Coverage.Indicators.SchoolYearOf(today));
        if (today.DayNumber - start.DayNumber < 90) start = start.AddYears(-1);
        var index = Core.Catalogue.Search.CatalogueIndex.Build(await Catalogue.CatalogueLoader.LoadAsync(db, cancel), Guid.Empty);
        var history = new ReferralHistoryGenerator(seed, HistoryAgentId, HistoryPartnerId)
            .Generate(schools, index, count, QuebecTime.ToUtc(start.ToDateTime(TimeOnly.MinValue)), now, excludeOrganization);
        await history.InsertAsync(db, cancel);
        log.LogInformation("Seeded {Referrals} referrals of history for {Families} fictitious families.", history.Referrals.Count, history.Families.Count);
        return history;
    }

    /// <summary>
    /// Adds a provincial-scale fictitious directory and schools for benchmarks and load tests. Refused whole, before
    /// anything is written, when one of its organisations is already there (the same seed again, or a name taken):
    /// organisation ids and names are unique.
    /// </summary>
    public async Task<GeneratedCatalogue> SeedVolumeAsync(SeedFiles files, int services, int schools, int seed, CancellationToken cancel = default)
    {
        var taxonomy = await db.NeedCategories.OrderBy(c => c.SortOrder).ToListAsync(cancel);
        var generator = new CatalogueGenerator(taxonomy, QuebecTime.Today(clock), seed);
        var places = files.QuebecPlaces();
        // Generated in this order (schools, then the directory) so a seed gives the same rows as before.
        var (centres, generated) = schools > 0 ? generator.VolumeSchools(places, schools) : ([], []);
        var catalogue = generator.Volume(places, services);

        var existing = await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.NormalizedName, o.Name }).ToListAsync(cancel);
        var (ids, names) = (existing.Select(o => o.Id).ToHashSet(), existing.ToLookup(o => o.NormalizedName, o => o.Name));
        if (catalogue.Organizations.FirstOrDefault(o => ids.Contains(o.Id) || names.Contains(o.NormalizedName)) is { } taken)
            throw new AlreadySeededException(names[taken.NormalizedName].FirstOrDefault() ?? taken.Name, seed);

        if (centres.Count > 0)
        {
            var known = await db.ServiceCentres.Select(c => c.Id).ToListAsync(cancel);
            await BulkInsert.InsertAsync(db, centres.Where(c => !known.Contains(c.Id)).ToList(), cancel);
            var existingSchools = (await db.Schools.Select(s => s.Id).ToListAsync(cancel)).ToHashSet();
            await BulkInsert.InsertAsync(db, generated.Where(s => !existingSchools.Contains(s.Id)).ToList(), cancel);
        }
        await catalogue.InsertAsync(db, cancel);
        return catalogue;
    }

    async Task EnsureUserAsync(string email, string name, Role role, string password, Action<User> attach, List<Guid> schoolIds)
    {
        var user = await users.Users.Include(u => u.Schools).SingleOrDefaultAsync(u => u.Email == email);
        if (user is null)
        {
            user = new User { Id = StableId.From("user", email), UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
            attach(user);
            user.Schools.AddRange(schoolIds.Select(id => new UserSchool { UserId = user.Id, SchoolId = id }));
            Check(await users.CreateAsync(user, password));
            Check(await users.AddToRoleAsync(user, role.ToString()));
            return;
        }
        // Demo sign-ins always work with the password printed at this start.
        Check(await users.RemovePasswordAsync(user));
        Check(await users.AddPasswordAsync(user, password));
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
    }

    static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}

/// <summary>A volume seed refused because the database already holds one of its organisations: nothing was written.</summary>
public sealed class AlreadySeededException(string organization, int seed) : Exception(
    $"this database already holds the organisation \"{organization}\" that seed {seed} would add: nothing was seeded. " +
    "Seed a new database (for example --ConnectionStrings:Sqlite \"Data Source=/tmp/volume.db\").");
