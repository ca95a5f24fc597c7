using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using PartnerNetwork.Core.Geo;

namespace PartnerNetwork.Core.Catalogue.Search;

/// <summary>
/// The in-memory directory index: an STRtree over service sites for "near", bitsets for the filters, and an
/// accent-insensitive inverted index for text. Immutable once built; a new version replaces it whole.
/// </summary>
public sealed class CatalogueIndex
{
    const float NameWeight = 4, OrganizationWeight = 3, CategoryWeight = 3, DescriptionWeight = 1;
    const float PrefixFactor = 0.8f;
    const int MinPrefixLength = 3;

    readonly CatalogueEntry[] entries;
    readonly int[] nameRank;
    readonly STRtree<int> siteTree = new();
    readonly (int Entry, CatalogueSite Site)[] sites;
    readonly Dictionary<Guid, Bits> byCategory = [];
    readonly Dictionary<string, Bits> byLanguage = [];
    readonly Bits evenings, weekends, free, accepting;
    readonly int[] remote;
    readonly IPreparedGeometry?[] remoteAreas;
    readonly string[] tokens;
    readonly (int Entry, float Weight)[][] postings;

    public Guid Version { get; }

    public int Count => entries.Length;

    public int SiteCount => sites.Length;

    CatalogueIndex(CatalogueEntry[] entries, Guid version)
    {
        this.entries = entries;
        Version = version;
        var n = entries.Length;
        evenings = new Bits(n);
        weekends = new Bits(n);
        free = new Bits(n);
        accepting = new Bits(n);
        var siteList = new List<(int, CatalogueSite)>(n);
        var text = new Dictionary<string, Dictionary<int, float>>();

        for (var i = 0; i < n; i++)
        {
            var entry = entries[i];
            foreach (var category in entry.CategoryIds) BitsFor(byCategory, category, n).Set(i);
            foreach (var language in entry.Languages) BitsFor(byLanguage, language, n).Set(i);
            if (entry.OpenEvenings) evenings.Set(i);
            if (entry.OpenWeekends) weekends.Set(i);
            if (entry.Cost == Cost.Free) free.Set(i);
            if (entry.CapacityState == CapacityState.TakingReferrals) accepting.Set(i);
            if (!entry.IsRemote)
            {
                foreach (var site in entry.Sites)
                {
                    siteTree.Insert(new Envelope(site.Longitude, site.Longitude, site.Latitude, site.Latitude), siteList.Count);
                    siteList.Add((i, site));
                }
            }
            AddText(text, i, entry.ServiceName, NameWeight);
            AddText(text, i, entry.OrganizationName, OrganizationWeight);
            AddText(text, i, entry.CategoryText, CategoryWeight);
            AddText(text, i, entry.Description, DescriptionWeight);
        }
        sites = [.. siteList];
        if (sites.Length > 0) siteTree.Build();

        remote = Enumerable.Range(0, n).Where(i => entries[i].IsRemote).ToArray();
        var prepared = new PreparedGeometryFactory();
        remoteAreas = remote.Select(i => entries[i].ServiceArea is { } area ? prepared.Create(area) : null).ToArray();

        tokens = [.. text.Keys.Order(StringComparer.Ordinal)];
        postings = tokens.Select(t => text[t].Select(kv => (kv.Key, kv.Value)).ToArray()).ToArray();

        // Names are compared once here, so result ordering is an integer comparison.
        nameRank = new int[n];
        var byName = Enumerable.Range(0, n)
            .OrderBy(i => entries[i].ServiceName, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-CA"), ignoreCase: true))
            .ThenBy(i => entries[i].OrganizationName, StringComparer.Ordinal).ToArray();
        for (var rank = 0; rank < n; rank++) nameRank[byName[rank]] = rank;
    }

    public static CatalogueIndex Build(IEnumerable<CatalogueEntry> entries, Guid version) => new([.. entries], version);

    public CatalogueEntry? Find(Guid serviceId) => entries.FirstOrDefault(e => e.ServiceId == serviceId);

    public CatalogueResult Search(CatalogueQuery query)
    {
        var filter = Filter(query);
        var scores = TextScores(query.Text);
        bool Passes(int i) =>
            (filter is null || filter[i])
            && (scores is null || scores.ContainsKey(i))
            && (query.Age is not { } age || (entries[i].MinimumAge ?? 0) <= age && age <= (entries[i].MaximumAge ?? 200))
            && (query.Grade is not { } grade || (entries[i].MinimumGrade ?? Service.LowestGrade) <= grade && grade <= (entries[i].MaximumGrade ?? Service.HighestGrade));
        double Score(int i) => scores is null ? 0 : scores[i];

        List<CatalogueHit> hits;
        if (query.Origin is { } origin)
        {
            hits = Nearby(origin, query.RadiusKm, Passes, Score);
            var point = Geometries.Point(origin.Latitude, origin.Longitude);
            // Remote services serve wherever their area covers the origin, after the in-person ones, never with a distance.
            var remoteHits = new List<int>();
            for (var r = 0; r < remote.Length; r++)
            {
                if (Passes(remote[r]) && (remoteAreas[r] is null || remoteAreas[r]!.Covers(point))) remoteHits.Add(remote[r]);
            }
            hits.AddRange(Ranked(remoteHits, scores).Select(i => new CatalogueHit(entries[i], null, null, Score(i))));
        }
        else
        {
            var matches = new List<int>();
            for (var i = 0; i < entries.Length; i++)
            {
                if (Passes(i)) matches.Add(i);
            }
            hits = Ranked(matches, scores)
                .Select(i => new CatalogueHit(entries[i], entries[i].IsRemote ? null : entries[i].Sites.FirstOrDefault(), null, Score(i)))
                .ToList();
        }

        var pageSize = Math.Clamp(query.PageSize, 1, CatalogueQuery.MaxPageSize);
        var page = Math.Max(1, query.Page);
        return new CatalogueResult(hits.Skip((page - 1) * pageSize).Take(pageSize).ToList(), hits.Count, page, pageSize);
    }

    List<CatalogueHit> Nearby(GeoOrigin origin, double radiusKm, Func<int, bool> passes, Func<int, double> score)
    {
        var box = Geodesy.BoxAround(origin.Latitude, origin.Longitude, radiusKm);
        var nearest = new Dictionary<int, (double Km, CatalogueSite Site)>();
        if (sites.Length > 0)
        {
            foreach (var s in siteTree.Query(new Envelope(box.MinLongitude, box.MaxLongitude, box.MinLatitude, box.MaxLatitude)))
            {
                var (entry, site) = sites[s];
                if (!passes(entry)) continue;
                var km = Geodesy.DistanceKm(origin.Latitude, origin.Longitude, site.Latitude, site.Longitude);
                if (km <= radiusKm && (!nearest.TryGetValue(entry, out var best) || km < best.Km))
                    nearest[entry] = (km, site);
            }
        }
        return nearest
            .OrderBy(kv => kv.Value.Km).ThenBy(kv => nameRank[kv.Key])
            .Select(kv => new CatalogueHit(entries[kv.Key], kv.Value.Site, kv.Value.Km, score(kv.Key)))
            .ToList();
    }

    IEnumerable<int> Ranked(List<int> matches, Dictionary<int, float>? scores) =>
        scores is null
            ? matches.OrderBy(i => nameRank[i])
            : matches.OrderByDescending(i => scores[i]).ThenBy(i => nameRank[i]);

    Bits? Filter(CatalogueQuery query)
    {
        Bits? filter = null;
        void And(Bits bits) => filter = filter is null ? bits : filter.And(bits);

        if (query.CategoryIds.Count > 0)
        {
            var any = new Bits(entries.Length);
            foreach (var category in query.CategoryIds)
            {
                if (byCategory.TryGetValue(category, out var bits)) any = any.Or(bits);
            }
            And(any);
        }
        if (!string.IsNullOrEmpty(query.Language))
            And(byLanguage.GetValueOrDefault(query.Language) ?? new Bits(entries.Length));
        if (query.OpenEvenings) And(evenings);
        if (query.OpenWeekends) And(weekends);
        if (query.FreeOnly) And(free);
        if (query.AcceptingReferrals) And(accepting);
        return filter;
    }

    /// <summary>Entries containing every query word (or a word it begins), with a relevance score; null when there is no text.</summary>
    Dictionary<int, float>? TextScores(string? text)
    {
        var words = TextNormalizer.Tokens(text).Distinct().ToList();
        if (words.Count == 0) return null;
        // "aide alimentaire" is about food: generic words add to the score but are required only when alone.
        var required = words.Where(w => !TextNormalizer.IsGeneric(w)).ToList();
        if (required.Count == 0) required = words;
        Dictionary<int, float>? scores = null;
        foreach (var word in required)
        {
            var wordScores = new Dictionary<int, float>();
            var first = Array.BinarySearch(tokens, word, StringComparer.Ordinal);
            if (first >= 0) Collect(wordScores, first, 1);
            if (word.Length >= MinPrefixLength)
            {
                for (var t = first >= 0 ? first + 1 : ~first; t < tokens.Length && tokens[t].StartsWith(word, StringComparison.Ordinal); t++)
                    Collect(wordScores, t, PrefixFactor);
            }
            if (scores is null)
            {
                scores = wordScores;
                continue;
            }
            foreach (var entry in scores.Keys.ToList())
            {
                if (wordScores.TryGetValue(entry, out var add)) scores[entry] += add;
                else scores.Remove(entry);
            }
        }
        foreach (var word in words.Except(required))
        {
            var wordScores = new Dictionary<int, float>();
            var at = Array.BinarySearch(tokens, word, StringComparer.Ordinal);
            if (at >= 0) Collect(wordScores, at, 1);
            foreach (var (entry, add) in wordScores)
            {
                if (scores!.ContainsKey(entry)) scores[entry] += add;
            }
        }
        return scores;
    }

    void Collect(Dictionary<int, float> scores, int token, float factor)
    {
        foreach (var (entry, weight) in postings[token])
        {
            var score = weight * factor;
            if (!scores.TryGetValue(entry, out var current) || score > current) scores[entry] = score;
        }
    }

    static void AddText(Dictionary<string, Dictionary<int, float>> text, int entry, string? field, float weight)
    {
        foreach (var token in TextNormalizer.Tokens(field))
        {
            if (!text.TryGetValue(token, out var posting)) text[token] = posting = [];
            if (!posting.TryGetValue(entry, out var current) || weight > current) posting[entry] = weight;
        }
    }

    static Bits BitsFor<TKey>(Dictionary<TKey, Bits> map, TKey key, int n) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var bits)) map[key] = bits = new Bits(n);
        return bits;
    }
}
