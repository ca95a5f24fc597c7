using System.Collections.Concurrent;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using PartnerNetwork.Core.Geo;

namespace PartnerNetwork.Core.Catalogue.Search;

/// <summary>
/// The in-memory directory index: an STRtree over cells of service sites for "near", bitsets for the filters, and an
/// accent-insensitive inverted index for text. Immutable once built; a new version replaces it whole.
/// </summary>
public sealed class CatalogueIndex
{
    const float NameWeight = 4, OrganizationWeight = 3, CategoryWeight = 3, DescriptionWeight = 1;
    const float PrefixFactor = 0.8f;
    const int MinPrefixLength = 3;

    readonly CatalogueEntry[] entries;
    readonly int[] nameRank;
    readonly SiteCells allSites;
    readonly Dictionary<Guid, SiteCells> sitesByCategory = [];
    readonly CatalogueSite[] sites;
    readonly int[] siteEntry;
    readonly int[] sitesPerEntry;
    readonly Dictionary<Guid, Bits> byCategory = [];
    readonly Dictionary<string, Bits> byLanguage = [];
    readonly Bits evenings, weekends, free, accepting;
    readonly int[] assuredDay;
    // A reference, swapped whole: searches on other threads see the old cut-off's bits or the new one's, never a mix.
    Tuple<DateOnly, Bits>? verified;
    readonly int[] remote;
    readonly IPreparedGeometry?[] remoteAreas;
    readonly string[] tokens;
    readonly (int Entry, float Weight)[][] postings;
    readonly ConcurrentBag<Scratch> scratchPool = [];

    public Guid Version { get; }

    public int Count => entries.Length;

    public int SiteCount => sites.Length;

    /// <summary>The languages listings here are offered in, most listings first (then by code): what a language picker offers.</summary>
    public IReadOnlyList<string> LanguagesByUse => languagesByUse ??= [.. entries.SelectMany(e => e.Languages).CountBy(l => l)
        .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key)];

    IReadOnlyList<string>? languagesByUse;

    CatalogueIndex(CatalogueEntry[] entries, Guid version)
    {
        this.entries = entries;
        Version = version;
        var n = entries.Length;
        evenings = new Bits(n);
        weekends = new Bits(n);
        free = new Bits(n);
        accepting = new Bits(n);
        assuredDay = new int[n];
        var siteList = new List<(int, CatalogueSite)>(n);
        var categorySites = new Dictionary<Guid, List<int>>();
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
            assuredDay[i] = entry.AssuredDate?.DayNumber ?? -1;
            if (!entry.IsRemote)
            {
                foreach (var site in entry.Sites)
                {
                    foreach (var category in entry.CategoryIds)
                    {
                        if (!categorySites.TryGetValue(category, out var list)) categorySites[category] = list = [];
                        list.Add(siteList.Count);
                    }
                    siteList.Add((i, site));
                }
            }
            AddText(text, i, entry.ServiceName, NameWeight);
            AddText(text, i, entry.OrganizationName, OrganizationWeight);
            AddText(text, i, entry.CategoryText, CategoryWeight);
            AddText(text, i, entry.Description, DescriptionWeight);
            AddText(text, i, entry.TranslatedNames, NameWeight);
            AddText(text, i, entry.TranslatedDescriptions, DescriptionWeight);
            // Descriptions and category text are searched, never shown in a result row: the index need not keep them.
            entries[i] = entry with { Description = "", CategoryText = "", TranslatedNames = "", TranslatedDescriptions = "" };
        }
        sites = siteList.Select(s => s.Item2).ToArray();
        siteEntry = siteList.Select(s => s.Item1).ToArray();
        sitesPerEntry = new int[n];
        foreach (var entry in siteEntry) sitesPerEntry[entry]++;
        // One set of cells per need too: a "near + one need" query then scans only that need's sites.
        allSites = new SiteCells(Enumerable.Range(0, sites.Length).ToArray(), sites, siteEntry);
        foreach (var (category, list) in categorySites) sitesByCategory[category] = new SiteCells(list, sites, siteEntry);

        remote = Enumerable.Range(0, n).Where(i => entries[i].IsRemote).ToArray();
        var prepared = new PreparedGeometryFactory();
        remoteAreas = remote.Select(i => entries[i].ServiceArea is { } area ? prepared.Create(area) : null).ToArray();

        tokens = [.. text.Keys.Order(StringComparer.Ordinal)];
        postings = tokens.Select(t => text[t].ToArray()).ToArray();

        // Names are compared once here, so result ordering is an integer comparison.
        nameRank = new int[n];
        var folded = entries.Select(e => TextNormalizer.Fold(e.ServiceName)).ToArray();
        var byName = Enumerable.Range(0, n)
            .OrderBy(i => folded[i], StringComparer.Ordinal)
            .ThenBy(i => entries[i].OrganizationName, StringComparer.Ordinal).ToArray();
        for (var rank = 0; rank < n; rank++) nameRank[byName[rank]] = rank;
    }

    public static CatalogueIndex Build(IEnumerable<CatalogueEntry> entries, Guid version) => new([.. entries], version);

    /// <summary>Whether a service is listed (active, of an active organisation).</summary>
    public bool Contains(Guid serviceId) => (listed ??= entries.Select(e => e.ServiceId).ToHashSet()).Contains(serviceId);

    HashSet<Guid>? listed;

    /// <summary>
    /// Every service that passes the query's filters (needs, language, evenings, weekends, free, taking referrals now,
    /// age, grade) — the same filters as a search, without text, origin or paging: what the coverage analysis counts.
    /// </summary>
    public IReadOnlyList<CatalogueEntry> Matching(CatalogueQuery query)
    {
        var scratch = Rent();
        try
        {
            scratch.Age = query.Age;
            scratch.Grade = query.Grade;
            scratch.OrganizationId = query.OrganizationId;
            scratch.ModifiedAfter = query.ModifiedAfter;
            scratch.Filtered = PrepareFilter(query, scratch.Filter);
            scratch.TextActive = false;
            var matching = new List<CatalogueEntry>();
            for (var i = 0; i < entries.Length; i++)
                if (Passes(i, scratch)) matching.Add(entries[i]);
            return matching;
        }
        finally
        {
            scratchPool.Add(scratch);
        }
    }

    public CatalogueResult Search(CatalogueQuery query) => Searched(query, everything: false);

    /// <summary>
    /// Every hit of <paramref name="query"/>, in the order <see cref="Search(CatalogueQuery)"/> pages them, ranked once:
    /// for a stream of the whole result (paging through it would rank the first pages again for every page).
    /// </summary>
    public IReadOnlyList<CatalogueHit> All(CatalogueQuery query) => Searched(query, everything: true).Hits;

    CatalogueResult Searched(CatalogueQuery query, bool everything)
    {
        var scratch = Rent();
        try
        {
            return Search(query, scratch, everything);
        }
        finally
        {
            scratchPool.Add(scratch);
        }
    }

    CatalogueResult Search(CatalogueQuery query, Scratch s, bool everything)
    {
        s.Age = query.Age;
        s.Grade = query.Grade;
        s.OrganizationId = query.OrganizationId;
        s.ModifiedAfter = query.ModifiedAfter;
        s.Filtered = PrepareFilter(query, s.Filter);
        MatchText(query.Text, s, deferGeneric: query.Origin is not null);

        var pageSize = everything ? Math.Max(1, entries.Length) : Math.Clamp(query.PageSize, 1, CatalogueQuery.MaxPageSize);
        // A page past the end is clamped (to the last page once the total is known): never an overflow into "everything".
        var page = everything ? 1 : Math.Clamp(query.Page, 1, Math.Max(1, (entries.Length + pageSize - 1) / pageSize));
        // Only the rows up to the requested page are kept and ordered: a bounded heap, not a sort of the whole result.
        var needed = (int)Math.Min((long)page * pageSize, Math.Max(1, entries.Length));
        var hits = new List<CatalogueHit>();
        int total;
        if (query.Origin is { } origin)
        {
            var nearest = new TopK(needed);
            total = Nearby(query, origin, s, nearest);
            foreach (var (_, _, entry, site) in nearest.Sorted())
            {
                var at = sites[site];
                hits.Add(new CatalogueHit(entries[entry], at, Geodesy.DistanceKm(origin.Latitude, origin.Longitude, at.Latitude, at.Longitude), Score(entry, s)));
            }
            // Remote services serve wherever their area covers the origin, after the in-person ones, never with a distance.
            var point = Geometries.Point(origin.Latitude, origin.Longitude);
            var remoteBest = new TopK(Math.Min(needed, Math.Max(1, remote.Length)));
            for (var r = 0; r < remote.Length; r++)
            {
                var entry = remote[r];
                if (!Passes(entry, s) || remoteAreas[r] is { } area && !area.Covers(point)) continue;
                total++;
                remoteBest.Offer(-Score(entry, s), nameRank[entry], entry, -1);
            }
            foreach (var (_, _, entry, _) in remoteBest.Sorted())
            {
                if (hits.Count == needed) break;
                hits.Add(new CatalogueHit(entries[entry], null, null, Score(entry, s)));
            }
        }
        else
        {
            // With text, only the entries that matched it are candidates; without, every entry is. Most relevant first, then by name.
            var best = new TopK(needed);
            total = 0;
            var count = s.TextActive ? s.MatchedCount : entries.Length;
            for (var c = 0; c < count; c++)
            {
                var entry = s.TextActive ? s.Matched[c] : c;
                if (!Passes(entry, s)) continue;
                total++;
                best.Offer(-Score(entry, s), nameRank[entry], entry, -1);
            }
            foreach (var (_, _, entry, _) in best.Sorted())
                hits.Add(new CatalogueHit(entries[entry], entries[entry].IsRemote ? null : entries[entry].Sites.FirstOrDefault(), null, Score(entry, s)));
        }
        page = Math.Min(page, Math.Max(1, (total + pageSize - 1) / pageSize));
        return new CatalogueResult(hits.Skip((page - 1) * pageSize).Take(pageSize).ToList(), total, page, pageSize);
    }

    float Score(int entry, Scratch s)
    {
        if (!s.TextActive) return 0;
        var score = s.TextScore[entry];
        foreach (var token in s.Deferred) score += WeightOf(postings[token], entry);
        return score;
    }

    /// <summary>The entry's weight in a token's postings (sorted by entry), or 0.</summary>
    static float WeightOf((int Entry, float Weight)[] list, int entry)
    {
        int low = 0, high = list.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var at = list[middle].Entry;
            if (at == entry) return list[middle].Weight;
            if (at < entry) low = middle + 1;
            else high = middle - 1;
        }
        return 0;
    }

    bool Passes(int i, Scratch s) =>
        (!s.Filtered || s.Filter[i])
        && (s.OrganizationId is not { } organization || entries[i].OrganizationId == organization)
        && (s.ModifiedAfter is not { } after || entries[i].UpdatedAt >= after)
        && (!s.TextActive || s.Stamp[i] == s.TextStamp)
        && (s.Age is not { } age || (entries[i].MinimumAge ?? 0) <= age && age <= (entries[i].MaximumAge ?? 200))
        && (s.Grade is not { } grade || (entries[i].MinimumGrade ?? Service.LowestGrade) <= grade && grade <= (entries[i].MaximumGrade ?? Service.HighestGrade));

    /// <summary>Offers every passing service with a site within the radius, once, at its nearest site; returns how many there are.</summary>
    int Nearby(CatalogueQuery query, GeoOrigin origin, Scratch s, TopK nearest)
    {
        var cells = query.CategoryIds.Count == 1 ? sitesByCategory.GetValueOrDefault(query.CategoryIds.First()) : allSites;
        if (cells is null) return 0;
        var box = Geodesy.BoxAround(origin.Latitude, origin.Longitude, query.RadiusKm);
        // Chords on the unit sphere order exactly like geodesic distances and need no trigonometry per site.
        var (x, y, z) = SiteCells.UnitVector(origin.Latitude, origin.Longitude);
        var chord = 2 * Math.Sin(query.RadiusKm / Geodesy.EarthRadiusKm / 2);
        var maxChord2 = chord * chord;
        var stamp = s.Next();
        var total = 0;
        s.SeveralCount = 0;
        cells.Query(new Envelope(box.MinLongitude, box.MaxLongitude, box.MinLatitude, box.MaxLatitude), (from, to) =>
        {
            for (var k = from; k < to; k++)
            {
                var dx = cells.X[k] - x;
                var dy = cells.Y[k] - y;
                var dz = cells.Z[k] - z;
                var d = dx * dx + dy * dy + dz * dz;
                if (d > maxChord2) continue;
                var entry = cells.Entry[k];
                if (!Passes(entry, s)) continue;
                if (sitesPerEntry[entry] == 1)
                {
                    total++;
                    nearest.Offer(d, nameRank[entry], entry, cells.Site[k]);
                }
                else if (s.NearStamp[entry] != stamp)
                {
                    // A service with several sites waits for its nearest one.
                    s.NearStamp[entry] = stamp;
                    s.NearBest[entry] = d;
                    s.NearSite[entry] = cells.Site[k];
                    s.Several[s.SeveralCount++] = entry;
                }
                else if (d < s.NearBest[entry])
                {
                    s.NearBest[entry] = d;
                    s.NearSite[entry] = cells.Site[k];
                }
            }
        });
        for (var k = 0; k < s.SeveralCount; k++)
        {
            var entry = s.Several[k];
            nearest.Offer(s.NearBest[entry], nameRank[entry], entry, s.NearSite[entry]);
        }
        return total + s.SeveralCount;
    }

    /// <summary>Writes the bitset filters' intersection into <paramref name="filter"/>; false when the query has none.</summary>
    bool PrepareFilter(CatalogueQuery query, Bits filter)
    {
        var any = false;
        void And(Bits? bits)
        {
            if (bits is null) filter.Clear();
            else if (any) filter.AndWith(bits);
            else filter.CopyFrom(bits);
            any = true;
        }

        if (query.CategoryIds.Count > 0)
        {
            filter.Clear();
            foreach (var category in query.CategoryIds)
            {
                if (byCategory.TryGetValue(category, out var bits)) filter.OrWith(bits);
            }
            any = true;
        }
        if (!string.IsNullOrEmpty(query.Language)) And(byLanguage.GetValueOrDefault(query.Language));
        if (query.OpenEvenings) And(evenings);
        if (query.OpenWeekends) And(weekends);
        if (query.FreeOnly) And(free);
        if (query.AcceptingReferrals) And(accepting);
        if (query.VerifiedSince is { } since) And(VerifiedBits(since));
        return any;
    }

    /// <summary>
    /// "Verified since" depends on today, not only on the data, so it cannot be a bitset fixed at build time (an index
    /// built yesterday would keep yesterday's answer until the next catalogue change). The stored day of each entry is
    /// compared to the cut-off at query time instead, once per cut-off: the bitset is cached until the day moves, so a
    /// day's searches share one pass over the entries.
    /// </summary>
    Bits VerifiedBits(DateOnly since)
    {
        if (verified is { } cached && cached.Item1 == since) return cached.Item2;
        var bits = new Bits(entries.Length);
        var day = since.DayNumber;
        for (var i = 0; i < assuredDay.Length; i++)
            if (assuredDay[i] >= day) bits.Set(i);
        verified = Tuple.Create(since, bits);
        return bits;
    }

    /// <summary>
    /// Marks the entries containing every query word (or a word it begins) with <c>Stamp == TextStamp</c>, lists them in
    /// <c>Matched</c> and scores them in <c>TextScore</c>. "aide alimentaire" is about food: generic words add to the
    /// score but are required only when alone. With <paramref name="deferGeneric"/> (a search around a point, ranked by
    /// distance) the generic words' share is added only to the scores asked for: "aide" alone lists a third of the directory.
    /// </summary>
    void MatchText(string? text, Scratch s, bool deferGeneric)
    {
        s.Deferred.Clear();
        var words = TextNormalizer.Tokens(text).Distinct().ToList();
        s.TextActive = words.Count > 0;
        if (!s.TextActive) return;
        var required = words.Where(w => !TextNormalizer.IsGeneric(w)).ToList();
        if (required.Count == 0) required = words;
        // Rarest word first: the candidates never outnumber its matches.
        var ranges = required.Select(TokensFor).OrderBy(r => r.Sum(t => postings[t.Token].Length)).ToList();

        var stamp = s.TextStamp = s.Next();
        s.MatchedCount = 0;
        // The rarest word makes the candidates, each once at its best token's score (a word and the longer words it begins).
        foreach (var (token, factor) in ranges[0])
        {
            foreach (var (entry, weight) in postings[token])
            {
                var score = weight * factor;
                if (s.Stamp[entry] != stamp)
                {
                    s.Stamp[entry] = stamp;
                    s.TextScore[entry] = score;
                    s.Matched[s.MatchedCount++] = entry;
                }
                else if (score > s.TextScore[entry]) s.TextScore[entry] = score;
            }
        }
        for (var k = 1; k < ranges.Count; k++)
        {
            var word = s.Next();
            foreach (var (token, factor) in ranges[k])
            {
                foreach (var (entry, weight) in postings[token])
                {
                    if (s.Stamp[entry] != stamp) continue;
                    var score = weight * factor;
                    if (s.WordStamp[entry] == word)
                    {
                        if (score > s.WordBest[entry]) s.WordBest[entry] = score;
                        continue;
                    }
                    s.WordStamp[entry] = word;
                    s.WordBest[entry] = score;
                }
            }
            // Keep the candidates that have this word too.
            var kept = 0;
            for (var m = 0; m < s.MatchedCount; m++)
            {
                var entry = s.Matched[m];
                if (s.WordStamp[entry] != word)
                {
                    s.Stamp[entry] = 0;
                    continue;
                }
                s.TextScore[entry] += s.WordBest[entry];
                s.Matched[kept++] = entry;
            }
            s.MatchedCount = kept;
        }
        foreach (var word in words.Except(required))
        {
            var at = Array.BinarySearch(tokens, word, StringComparer.Ordinal);
            if (at < 0) continue;
            if (deferGeneric)
            {
                s.Deferred.Add(at);
                continue;
            }
            foreach (var (entry, weight) in postings[at])
            {
                if (s.Stamp[entry] == stamp) s.TextScore[entry] += weight;
            }
        }
    }

    /// <summary>The index tokens a query word finds: itself, and from three letters on, the longer words it begins.</summary>
    List<(int Token, float Factor)> TokensFor(string word)
    {
        var found = new List<(int, float)>();
        var first = Array.BinarySearch(tokens, word, StringComparer.Ordinal);
        if (first >= 0) found.Add((first, 1));
        if (word.Length < MinPrefixLength) return found;
        for (var t = first >= 0 ? first + 1 : ~first; t < tokens.Length && tokens[t].StartsWith(word, StringComparison.Ordinal); t++)
            found.Add((t, PrefixFactor));
        return found;
    }

    Scratch Rent() => scratchPool.TryTake(out var scratch) ? scratch : new Scratch(entries.Length);

    /// <summary>
    /// A query's working memory, sized to the index and reused by the next query: a search then allocates almost
    /// nothing, so no large short-lived arrays for the collector. Generation stamps replace clearing between queries.
    /// </summary>
    sealed class Scratch(int n)
    {
        public readonly Bits Filter = new(n);
        public bool Filtered, TextActive;
        public int? Age, Grade;
        public Guid? OrganizationId;
        public DateTime? ModifiedAfter;
        public int TextStamp, MatchedCount, SeveralCount;
        public readonly int[] Stamp = new int[n], WordStamp = new int[n], Matched = new int[n];
        public readonly float[] WordBest = new float[n], TextScore = new float[n];
        public readonly int[] NearStamp = new int[n], NearSite = new int[n], Several = new int[n];
        public readonly double[] NearBest = new double[n];
        /// <summary>Tokens whose weights are added to a score when it is asked for, not while matching.</summary>
        public readonly List<int> Deferred = [];
        int generation;

        public int Next()
        {
            if (generation == int.MaxValue)
            {
                Array.Clear(Stamp);
                Array.Clear(WordStamp);
                Array.Clear(NearStamp);
                generation = 0;
            }
            return ++generation;
        }
    }

    /// <summary>The best <c>capacity</c> items by (key, rank), smallest first: a bounded max-heap whose root is the worst kept.</summary>
    sealed class TopK(int capacity)
    {
        readonly (double Key, int Rank, int Entry, int Site)[] heap = new (double, int, int, int)[capacity];
        int count;

        static bool Worse(in (double Key, int Rank, int, int) a, in (double Key, int Rank, int, int) b) =>
            a.Key > b.Key || a.Key == b.Key && a.Rank > b.Rank;

        public void Offer(double key, int rank, int entry, int site)
        {
            var item = (key, rank, entry, site);
            if (count < heap.Length)
            {
                // Sift up.
                var i = count++;
                while (i > 0 && Worse(item, heap[(i - 1) / 2]))
                {
                    heap[i] = heap[(i - 1) / 2];
                    i = (i - 1) / 2;
                }
                heap[i] = item;
                return;
            }
            if (!Worse(heap[0], item)) return;
            // Replace the root and sift down.
            var at = 0;
            while (true)
            {
                var child = 2 * at + 1;
                if (child >= count) break;
                if (child + 1 < count && Worse(heap[child + 1], heap[child])) child++;
                if (!Worse(heap[child], item)) break;
                heap[at] = heap[child];
                at = child;
            }
            heap[at] = item;
        }

        public (double Key, int Rank, int Entry, int Site)[] Sorted()
        {
            var sorted = heap[..count];
            Array.Sort(sorted, (a, b) => a.Key.CompareTo(b.Key) is var c and not 0 ? c : a.Rank.CompareTo(b.Rank));
            return sorted;
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
