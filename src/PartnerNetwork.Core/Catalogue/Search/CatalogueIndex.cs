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
    // One tree per need too: a "near + one need" query then visits only that need's sites.
    readonly Dictionary<Guid, STRtree<int>> siteTreeByCategory = [];
    readonly (int Entry, CatalogueSite Site)[] sites;
    // Per site, precomputed for the distance test: latitude and longitude in radians and the cosine of the latitude.
    readonly double[] siteLat, siteLon, siteCosLat;
    readonly int[] sitesPerEntry;
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
        var text = new Dictionary<string, List<(int Entry, float Weight)>>();

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
                    var at = new Envelope(site.Longitude, site.Longitude, site.Latitude, site.Latitude);
                    siteTree.Insert(at, siteList.Count);
                    foreach (var category in entry.CategoryIds)
                    {
                        if (!siteTreeByCategory.TryGetValue(category, out var tree)) siteTreeByCategory[category] = tree = new STRtree<int>();
                        tree.Insert(at, siteList.Count);
                    }
                    siteList.Add((i, site));
                }
            }
            AddText(text, i, entry.ServiceName, NameWeight);
            AddText(text, i, entry.OrganizationName, OrganizationWeight);
            AddText(text, i, entry.CategoryText, CategoryWeight);
            AddText(text, i, entry.Description, DescriptionWeight);
            // Description and category text are searched, never shown in a result row: the index need not keep them.
            entries[i] = entry with { Description = "", CategoryText = "" };
        }
        sites = [.. siteList];
        siteLat = sites.Select(s => s.Site.Latitude * Math.PI / 180).ToArray();
        siteLon = sites.Select(s => s.Site.Longitude * Math.PI / 180).ToArray();
        siteCosLat = siteLat.Select(Math.Cos).ToArray();
        sitesPerEntry = new int[n];
        foreach (var (entry, _) in sites) sitesPerEntry[entry]++;
        if (sites.Length > 0) siteTree.Build();
        foreach (var tree in siteTreeByCategory.Values) tree.Build();

        remote = Enumerable.Range(0, n).Where(i => entries[i].IsRemote).ToArray();
        var prepared = new PreparedGeometryFactory();
        remoteAreas = remote.Select(i => entries[i].ServiceArea is { } area ? prepared.Create(area) : null).ToArray();

        tokens = [.. text.Keys.Order(StringComparer.Ordinal)];
        postings = tokens.Select(t => text[t].ToArray()).ToArray();

        // Names are compared once here, so result ordering is an integer comparison.
        nameRank = new int[n];
        var byName = Enumerable.Range(0, n)
            .OrderBy(i => entries[i].ServiceName, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-CA"), ignoreCase: true))
            .ThenBy(i => entries[i].OrganizationName, StringComparer.Ordinal).ToArray();
        for (var rank = 0; rank < n; rank++) nameRank[byName[rank]] = rank;
    }

    public static CatalogueIndex Build(IEnumerable<CatalogueEntry> entries, Guid version) => new([.. entries], version);

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

        var pageSize = Math.Clamp(query.PageSize, 1, CatalogueQuery.MaxPageSize);
        var page = Math.Max(1, query.Page);
        // Only the rows up to the requested page are ordered: a partial sort, not the whole result.
        var needed = page * pageSize;
        Comparison<int> byRelevance = scores is null
            ? (a, b) => nameRank[a].CompareTo(nameRank[b])
            : (a, b) => scores[b].CompareTo(scores[a]) is var c and not 0 ? c : nameRank[a].CompareTo(nameRank[b]);

        List<CatalogueHit> ordered;
        int total;
        if (query.Origin is { } origin)
        {
            var tree = query.CategoryIds.Count == 1 ? siteTreeByCategory.GetValueOrDefault(query.CategoryIds.First()) : siteTree;
            var nearby = tree is null || sites.Length == 0 ? [] : Nearby(tree, origin, query.RadiusKm, Passes);
            var point = Geometries.Point(origin.Latitude, origin.Longitude);
            // Remote services serve wherever their area covers the origin, after the in-person ones, never with a distance.
            var remoteHits = new List<int>();
            for (var r = 0; r < remote.Length; r++)
            {
                if (Passes(remote[r]) && (remoteAreas[r] is null || remoteAreas[r]!.Covers(point))) remoteHits.Add(remote[r]);
            }
            total = nearby.Count + remoteHits.Count;
            ordered = Top(nearby, needed, (a, b) => a.Haversine.CompareTo(b.Haversine) is var c and not 0 ? c : a.Rank.CompareTo(b.Rank))
                .Select(c => new CatalogueHit(entries[c.Entry], sites[c.Site].Site,
                    Geodesy.DistanceKm(origin.Latitude, origin.Longitude, sites[c.Site].Site.Latitude, sites[c.Site].Site.Longitude), Score(c.Entry)))
                .ToList();
            if (ordered.Count < needed)
                ordered.AddRange(Top(remoteHits, needed - ordered.Count, byRelevance).Select(i => new CatalogueHit(entries[i], null, null, Score(i))));
        }
        else
        {
            // With text, only the entries that matched it are candidates; without, every entry is.
            var matches = new List<Ranked>();
            if (scores is null)
            {
                for (var i = 0; i < entries.Length; i++)
                {
                    if (Passes(i)) matches.Add(new Ranked(0, nameRank[i], i));
                }
            }
            else
            {
                foreach (var (i, score) in scores)
                {
                    if (Passes(i)) matches.Add(new Ranked(score, nameRank[i], i));
                }
            }
            total = matches.Count;
            ordered = Top(matches, needed, (a, b) => b.Score.CompareTo(a.Score) is var c and not 0 ? c : a.Rank.CompareTo(b.Rank))
                .Select(r => new CatalogueHit(entries[r.Entry], entries[r.Entry].IsRemote ? null : entries[r.Entry].Sites.FirstOrDefault(), null, r.Score))
                .ToList();
        }
        return new CatalogueResult(ordered.Skip((page - 1) * pageSize).ToList(), total, page, pageSize);
    }

    /// <summary>The first <paramref name="count"/> items in order, with a bounded heap: O(n log count) instead of sorting all n.</summary>
    static List<T> Top<T>(List<T> items, int count, Comparison<T> compare)
    {
        if (items.Count <= count)
        {
            items.Sort(compare);
            return items;
        }
        // A max-heap of the best so far: its top is the worst kept, replaced by anything better.
        var heap = new PriorityQueue<T, T>(count, Comparer<T>.Create((a, b) => compare(b, a)));
        foreach (var item in items)
        {
            if (heap.Count < count) heap.Enqueue(item, item);
            else if (compare(item, heap.Peek()) < 0) heap.EnqueueDequeue(item, item);
        }
        var best = new List<T>(count);
        while (heap.Count > 0) best.Add(heap.Dequeue());
        best.Reverse();
        return best;
    }

    /// <summary>A candidate ordered by relevance then name, with its keys at hand for the comparison.</summary>
    readonly record struct Ranked(float Score, int Rank, int Entry);

    /// <summary>A site within the radius: <see cref="Haversine"/> orders like the distance without its arcsine.</summary>
    readonly record struct Candidate(double Haversine, int Rank, int Entry, int Site);

    /// <summary>Every passing service with a site within the radius, once, at its nearest site.</summary>
    List<Candidate> Nearby(STRtree<int> tree, GeoOrigin origin, double radiusKm, Func<int, bool> passes)
    {
        var box = Geodesy.BoxAround(origin.Latitude, origin.Longitude, radiusKm);
        var visitor = new NearbyVisitor(this, origin, radiusKm, passes);
        tree.Query(new Envelope(box.MinLongitude, box.MaxLongitude, box.MinLatitude, box.MaxLatitude), visitor);
        if (visitor.Several is { } several) visitor.Found.AddRange(several.Values);
        return visitor.Found;
    }

    // Visits the tree's leaves in place (no list of every site in the box), testing distance in haversine space.
    sealed class NearbyVisitor(CatalogueIndex index, GeoOrigin origin, double radiusKm, Func<int, bool> passes) : NetTopologySuite.Index.IItemVisitor<int>
    {
        readonly double lat = origin.Latitude * Math.PI / 180, lon = origin.Longitude * Math.PI / 180;
        readonly double cosLat = Math.Cos(origin.Latitude * Math.PI / 180);
        readonly double maxHaversine = Math.Pow(Math.Sin(radiusKm / Geodesy.EarthRadiusKm / 2), 2);

        public List<Candidate> Found { get; } = [];

        /// <summary>Services with more than one site in range keep their nearest.</summary>
        public Dictionary<int, Candidate>? Several { get; private set; }

        public void VisitItem(int site)
        {
            var entry = index.sites[site].Entry;
            if (!passes(entry)) return;
            var sinLat = Math.Sin((index.siteLat[site] - lat) / 2);
            var sinLon = Math.Sin((index.siteLon[site] - lon) / 2);
            var h = sinLat * sinLat + cosLat * index.siteCosLat[site] * sinLon * sinLon;
            if (h > maxHaversine) return;
            var candidate = new Candidate(h, index.nameRank[entry], entry, site);
            if (index.sitesPerEntry[entry] == 1)
            {
                Found.Add(candidate);
                return;
            }
            Several ??= [];
            if (!Several.TryGetValue(entry, out var best) || h < best.Haversine) Several[entry] = candidate;
        }
    }

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

    // Entries are added in order, so a token's postings are sorted and a repeat can only be the last one.
    static void AddText(Dictionary<string, List<(int Entry, float Weight)>> text, int entry, string? field, float weight)
    {
        foreach (var token in TextNormalizer.Tokens(field))
        {
            if (!text.TryGetValue(token, out var posting)) text[token] = posting = [];
            if (posting.Count > 0 && posting[^1].Entry == entry)
            {
                if (weight > posting[^1].Weight) posting[^1] = (entry, weight);
            }
            else
            {
                posting.Add((entry, weight));
            }
        }
    }

    static Bits BitsFor<TKey>(Dictionary<TKey, Bits> map, TKey key, int n) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var bits)) map[key] = bits = new Bits(n);
        return bits;
    }
}
