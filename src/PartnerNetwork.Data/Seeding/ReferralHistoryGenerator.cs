using Bogus;
using PartnerNetwork.Core.Catalogue.Search;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Schools;

namespace PartnerNetwork.Data.Seeding;

/// <summary>Referral history ready for bulk insert: fictitious families (reference codes only), referrals, their needs and events.</summary>
public sealed class GeneratedHistory
{
    public List<Family> Families { get; } = [];
    public List<Referral> Referrals { get; } = [];
    public List<ReferralNeed> Needs { get; } = [];
    public List<ReferralEvent> Events { get; } = [];

    /// <summary>Bulk-inserts the history, then derives the referrals' need flags as a save would.</summary>
    public async Task InsertAsync(PartnerNetworkDb db, CancellationToken cancel = default)
    {
        await BulkInsert.InsertAsync(db, Families, cancel);
        await BulkInsert.InsertAsync(db, Referrals, cancel);
        await BulkInsert.InsertAsync(db, Needs, cancel);
        await BulkInsert.InsertAsync(db, Events, cancel);
        await Coverage.IndicatorQueries.FillNeedFlagsAsync(db, cancel);
    }
}

/// <summary>
/// A plausible year of referrals (fixed seed: the same every time) so indicators and portraits show real-looking figures:
/// warm handoffs and information given to the partners nearest each school, acknowledged after a few business days or
/// not at all, declined for a reason, completed or unsuccessful, the recent ones still under way. Families carry a
/// reference code and nothing else; every step goes through the referral's own transitions.
/// </summary>
public sealed class ReferralHistoryGenerator(int seed, Guid agentId, Guid partnerUserId)
{
    const int PartnersPerSchool = 12;
    readonly Faker faker = new("fr_CA") { Random = new Randomizer(seed) };
    Randomizer Random => faker.Random;

    /// <param name="schools">Where families come from: schools with a position (their nearest partners are found by distance).</param>
    /// <param name="index">The directory: each school refers to its nearest partners.</param>
    /// <param name="from">The first day referrals are sent (UTC).</param>
    /// <param name="now">Today (UTC): nothing happens after it.</param>
    public GeneratedHistory Generate(IReadOnlyList<School> schools, CatalogueIndex index, int count, DateTime from, DateTime now, Func<Guid, bool> excludeOrganization)
    {
        var history = new GeneratedHistory();
        var partners = new Dictionary<Guid, List<CatalogueEntry>>();
        var span = (now.AddDays(-1) - from).TotalMinutes;
        Family? family = null;
        for (var i = 0; i < count; i++)
        {
            var school = Random.ListItem(schools.ToList());
            if (!partners.TryGetValue(school.Id, out var near))
                partners[school.Id] = near = index.Search(new CatalogueQuery
                {
                    Origin = new GeoOrigin(school.Latitude!.Value, school.Longitude!.Value), RadiusKm = 15, PageSize = PartnersPerSchool * 2,
                }).Hits.Where(h => h.DistanceKm is not null && !excludeOrganization(h.Entry.OrganizationId)).Select(h => h.Entry).Take(PartnersPerSchool).ToList();
            if (near.Count == 0) continue;
            var entry = Random.ListItem(near);
            var sent = from.AddMinutes(Random.Double(0, span));
            // A family sometimes has a second referral at the same school.
            if (family is null || family.SchoolId != school.Id || Random.Bool(0.75f))
            {
                family = new Family
                {
                    Id = Guid.NewGuid(), SchoolId = school.Id, Reference = $"H-{i + 1:00000}", PreferredLanguage = Random.WeightedRandom(["fr", "es", "ar", "ht", "en", "zh"], [0.45f, 0.15f, 0.15f, 0.1f, 0.1f, 0.05f]),
                    Channels = ContactChannels.PaperNote, CreatedById = agentId, CreatedAt = sent, LastActivityAt = sent,
                };
                history.Families.Add(family);
            }
            var needs = entry.CategoryIds.OrderBy(_ => Random.Int()).Take(Random.Bool(0.8f) ? 1 : 2).ToList();
            var kind = Random.Bool(0.75f) ? ReferralKind.WarmHandoff : ReferralKind.InformationGiven;
            var referral = Referral.Send(family, new() { Id = entry.ServiceId, OrganizationId = entry.OrganizationId },
                new ReferralRequest(kind, needs, Random.Enum<Urgency>(), "", ShareContact: false, kind == ReferralKind.InformationGiven ? DateOnly.FromDateTime(sent.AddDays(10)) : null,
                    kind == ReferralKind.InformationGiven ? family.PreferredLanguage : null), agentId, sent);
            Play(referral, now);
            family.LastActivityAt = referral.ClosedAt ?? referral.Events[^1].At;
            history.Referrals.Add(referral);
            history.Needs.AddRange(referral.Needs);
            history.Events.AddRange(referral.Events);
        }
        return history;
    }

    /// <summary>Moves the referral through realistic steps, each at a plausible later time, stopping at now.</summary>
    void Play(Referral referral, DateTime now)
    {
        var at = referral.CreatedAt;
        bool Step(ReferralState to, ReferralActor actor, ReferralReason? reason, double businessDays, string? note = null)
        {
            var next = BusinessDays.AddTo(at, (int)Math.Floor(businessDays)).AddHours((businessDays % 1) * 8);
            if (next >= now) return false;
            at = next;
            return referral.Move(to, actor, actor == ReferralActor.Partner ? partnerUserId : agentId, reason, note, at) is null;
        }

        if (referral.Kind == ReferralKind.InformationGiven)
        {
            var outcome = Random.Bool(0.65f) ? (ReferralState.Completed, Random.Bool(0.7f) ? ReferralReason.NeedMet : ReferralReason.PartlyMet)
                : (ReferralState.Unsuccessful, Random.WeightedRandom([ReferralReason.FamilyUnreachable, ReferralReason.FamilyDeclined], [0.6f, 0.4f]));
            Step(outcome.Item1, ReferralActor.Agent, outcome.Item2, Random.Double(5, 12));
            return;
        }
        if (Random.Bool(0.07f))
        {
            Step(ReferralState.Cancelled, ReferralActor.Agent, ReferralReason.CancelledByAgent, Random.Double(3, 8)); // never acknowledged
            return;
        }
        // Most partners answer within two business days; some take a week.
        if (!Step(ReferralState.Acknowledged, ReferralActor.Partner, null, Random.Bool(0.75f) ? Random.Double(0.05, 2) : Random.Double(2, 7))) return;
        if (Random.Bool(0.2f))
        {
            var reason = Random.WeightedRandom(
                [ReferralReason.NoCapacity, ReferralReason.NotEligible, ReferralReason.OutsideServiceArea, ReferralReason.Duplicate, ReferralReason.Other],
                [0.4f, 0.25f, 0.15f, 0.1f, 0.1f]);
            Step(ReferralState.Declined, ReferralActor.Partner, reason, Random.Double(0.1, 2), reason == ReferralReason.Other ? "Demande hors de notre mission" : null);
            return;
        }
        if (Random.Bool(0.15f) && !Step(ReferralState.Waitlisted, ReferralActor.Partner, null, Random.Double(0.1, 1))) return;
        if (!Step(ReferralState.Accepted, ReferralActor.Partner, null, Random.Double(0.1, referral.State == ReferralState.Waitlisted ? 15 : 2))) return;
        if (!Step(ReferralState.InProgress, ReferralActor.Partner, null, Random.Double(0.5, 5))) return;
        if (Random.Bool(0.72f)) Step(ReferralState.Completed, ReferralActor.Partner, Random.Bool(0.75f) ? ReferralReason.NeedMet : ReferralReason.PartlyMet, Random.Double(5, 30));
        else Step(ReferralState.Unsuccessful, ReferralActor.Partner, Random.WeightedRandom([ReferralReason.FamilyUnreachable, ReferralReason.NoShow, ReferralReason.FamilyDeclined], [0.5f, 0.3f, 0.2f]), Random.Double(2, 15));
    }
}
