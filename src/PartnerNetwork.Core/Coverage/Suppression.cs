namespace PartnerNetwork.Core.Coverage;

/// <summary>
/// Small-cell suppression over indicator tables published together. Every count from 1 to 4 is hidden; then, until each
/// of them is protected, more cells are hidden. A count is protected when another table, consistent with everything
/// published, gives it another value from 1 to 4: we look for a move of ±1 on hidden cells only that keeps every sum
/// (within a row, the CSS against its schools), keeps each need row within the total row and the total within the sum
/// of the need rows (a referral for several needs counts once per need), and keeps every count at 0 or more. All hidden
/// cells wear one mark ("&lt; 5 / masqué"): a "&lt; 5" apart would tell the reader each is at least 1, and a sum of them
/// pinned at its least would be known. Zeros are never hidden to protect: one would have to be able to read 5 or more.
/// </summary>
sealed class Suppression
{
    // Per primary cell; a search that runs out is a cell not shown to be protected, so more is hidden (never less).
    const int SearchBudget = 400;

    readonly int columns = Enum.GetValues<IndicatorCount>().Length;
    readonly int[] value;
    readonly bool[] hidden;
    readonly (IndicatorRow Row, int Column)[] cells;
    /// <summary>Sums: the first cell equals the sum of the others.</summary>
    readonly List<int[]> sums = [];
    /// <summary>Down a column of one table: the total row's cell first, then the need rows' cells.</summary>
    readonly List<int[]> columnBounds = [];
    readonly List<int>[] sumsOf;
    readonly List<int>[] boundsOf;
    /// <summary>How many sums and columns a cell is in: the searches try the least tied cells first.</summary>
    readonly int[] ties;
    /// <summary>
    /// How much a cell is read, so how late it is chosen to hide: a school's need rows (0), its total row or the CSS's need
    /// rows (1), the CSS's total row (2); the referrals sent count one more.
    /// </summary>
    readonly int[] headline;
    readonly int[] tableOf;
    readonly List<int> offsets = [];
    /// <summary>While protecting a school's cell: the distance to the same cell of another school, which moves opposite.</summary>
    int mirror;
    int home;

    public Suppression(IReadOnlyList<IReadOnlyList<IndicatorRow>> tables)
    {
        var list = new List<(IndicatorRow, int)>();
        foreach (var table in tables)
        {
            offsets.Add(list.Count);
            foreach (var row in table)
                for (var c = 0; c < columns; c++) list.Add((row, c));
        }
        cells = [.. list];
        value = [.. cells.Select(x => x.Row.Counts[x.Column])];
        hidden = new bool[cells.Length];
        headline = new int[cells.Length];
        tableOf = new int[cells.Length];
        for (var t = 0; t < tables.Count; t++)
            for (var r = 0; r < tables[t].Count; r++)
                for (var c = 0; c < columns; c++)
                {
                    headline[offsets[t] + r * columns + c] = (t == 0 ? 1 : 0) + (r == tables[t].Count - 1 ? 1 : 0) + (c == (int)IndicatorCount.Sent ? 1 : 0);
                    tableOf[offsets[t] + r * columns + c] = t;
                }

        int Id(int table, int row, int column) => offsets[table] + row * columns + column;
        for (var t = 0; t < tables.Count; t++)
        {
            var rows = tables[t].Count;
            for (var r = 0; r < rows; r++)
                foreach (var (total, parts) in Indicators.RowGroups)
                    sums.Add([Id(t, r, (int)total), .. parts.Select(p => Id(t, r, (int)p))]);
            for (var c = 0; c < columns; c++)
                columnBounds.Add([Id(t, rows - 1, c), .. Enumerable.Range(0, rows - 1).Select(r => Id(t, r, c))]);
        }
        if (tables.Count > 1)
            for (var r = 0; r < tables[0].Count; r++)
                for (var c = 0; c < columns; c++)
                    sums.Add([Id(0, r, c), .. Enumerable.Range(1, tables.Count - 1).Select(t => Id(t, r, c))]);

        sumsOf = [.. cells.Select(_ => new List<int>())];
        boundsOf = [.. cells.Select(_ => new List<int>())];
        for (var g = 0; g < sums.Count; g++)
            foreach (var cell in sums[g]) sumsOf[cell].Add(g);
        for (var g = 0; g < columnBounds.Count; g++)
            foreach (var cell in columnBounds[g]) boundsOf[cell].Add(g);
        ties = [.. Enumerable.Range(0, cells.Length).Select(i => sumsOf[i].Count + boundsOf[i].Count)];
    }

    static bool IsSmall(int count) => count is > 0 and < Indicators.SmallestShown;

    public void Run()
    {
        for (var i = 0; i < cells.Length; i++) hidden[i] = IsSmall(value[i]);
        // Hiding more never undoes a move found (it uses hidden cells only), so a cell shown protected stays protected.
        var pending = new Queue<int>(Enumerable.Range(0, cells.Length).Where(i => hidden[i]));
        HideSingles();
        while (pending.TryPeek(out var cell))
        {
            if (Protected(cell) || !HideNear(cell)) pending.Dequeue();
        }
        foreach (var (i, (row, column)) in cells.Index()) row.Suppressed[column] = hidden[i];
    }

    /// <summary>
    /// The cheap first pass: a sum or a column with a single hidden cell gives it away by subtraction; hide one more, the
    /// smallest shown non-zero part, else the total. Only the groups of newly hidden cells are looked at again.
    /// </summary>
    void HideSingles(IEnumerable<int>? newlyHidden = null)
    {
        var work = new Queue<int[]>(newlyHidden is null ? sums.Concat(columnBounds) : newlyHidden.SelectMany(GroupsOf));
        while (work.TryDequeue(out var group))
        {
            var count = 0;
            foreach (var i in group) if (hidden[i]) count++;
            if (count != 1) continue;
            var chosen = -1;
            for (var k = 1; k < group.Length; k++)
            {
                var i = group[k];
                if (Candidate(i) && (chosen < 0 || Better(i, chosen))) chosen = i;
            }
            if (chosen < 0 && Candidate(group[0])) chosen = group[0];
            if (chosen < 0) continue;
            hidden[chosen] = true;
            foreach (var g in GroupsOf(chosen)) work.Enqueue(g);
        }
    }

    IEnumerable<int[]> GroupsOf(int cell) => sumsOf[cell].Select(g => sums[g]).Concat(boundsOf[cell].Select(g => columnBounds[g]));

    // The referrals sent in all (the CSS's, or the one table's) is what every reader looks for first: never hidden to protect.
    bool Candidate(int cell) => !hidden[cell] && value[cell] > 0 && headline[cell] < 3;

    // Schools' cells and need rows before the CSS table and totals; then the smallest count.
    bool Better(int a, int b) => headline[a] != headline[b] ? headline[a] < headline[b] : value[a] < value[b];

    /// <summary>
    /// A cell that could not be shown protected: hide the smallest shown non-zero cell of the sums and columns it
    /// belongs to, or, when those are all hidden or zero, of the sums and columns of the hidden cells it is tied to.
    /// </summary>
    bool HideNear(int cell)
    {
        var seen = new HashSet<int> { cell };
        var frontier = new List<int> { cell };
        // Its own groups, then those of the hidden cells beside it: further away, a hidden cell rarely helps this one.
        for (var depth = 0; depth < 2 && frontier.Count > 0; depth++)
        {
            var groups = frontier.SelectMany(GroupsOf).ToList();
            // The first of the least read, then counts of 5 or more before smaller ones, then the smallest.
            var candidate = -1;
            foreach (var group in groups)
                foreach (var i in group)
                    if (Candidate(i) && (candidate < 0 || Rank(i).CompareTo(Rank(candidate)) < 0)) candidate = i;
            if (candidate >= 0)
            {
                hidden[candidate] = true;
                HideSingles([candidate]);
                return true;
            }
            frontier = [];
            foreach (var group in groups)
                foreach (var i in group)
                    if (hidden[i] && seen.Add(i)) frontier.Add(i);
        }
        return false;
    }

    (int, int, int) Rank(int cell) => (headline[cell], value[cell] > Indicators.SmallestShown ? 0 : 1, value[cell]);

    // The search's move and, per sum, how far it is from balanced (total's step minus the parts'); cleared after each search.
    readonly Dictionary<int, int> move = [];
    int[]? gaps;
    readonly HashSet<int> unbalanced = [];

    /// <summary>
    /// Whether a move of +1 or −1 on this small cell, compensated on other hidden cells, stays consistent. A school's cell
    /// first tries the move a referral makes from one school to another (the same cells of another school move opposite,
    /// so the CSS table does not change), then any move.
    /// </summary>
    bool Protected(int cell)
    {
        gaps ??= new int[sums.Count];
        var t = home = tableOf[cell];
        // Every other school's table (the mirror), then no mirror.
        for (var o = t > 0 ? 1 : offsets.Count; o <= offsets.Count; o++)
        {
            if (o == t) continue;
            var shift = o < offsets.Count ? offsets[o] - offsets[t] : 0;
            for (var step = 1; step >= -1; step -= 2)
            {
                if (!IsSmall(value[cell] + step)) continue;
                mirror = shift;
                if (!Allowed(cell, step)) continue;
                var budget = SearchBudget;
                Step(cell, step);
                var found = Balance(ref budget);
                foreach (var (i, s) in move.ToList()) StepOne(i, -s);
                move.Clear();
                mirror = 0;
                if (found) return true;
            }
        }
        return false;
    }

    void Step(int cell, int step)
    {
        StepOne(cell, step);
        if (mirror != 0) StepOne(cell + mirror, -step);
    }

    /// <summary>Adds a step to a cell's move (a zero move leaves the move).</summary>
    void StepOne(int cell, int step)
    {
        var now = move.GetValueOrDefault(cell) + step;
        if (now == 0) move.Remove(cell); else move[cell] = now;
        foreach (var g in sumsOf[cell])
        {
            gaps![g] += sums[g][0] == cell ? step : -step;
            if (gaps[g] == 0) unbalanced.Remove(g); else unbalanced.Add(g);
        }
    }

    // Every hidden cell wears the same mark, so to the reader any of them may be any count; only the cell being protected
    // must keep to 1–4.
    bool Allowed(int cell, int step) => hidden[cell] && value[cell] + step >= 0
        && (mirror == 0 || (tableOf[cell] == home && hidden[cell + mirror] && value[cell + mirror] - step >= 0));

    /// <summary>
    /// Depth first: take a sum the move unbalances and balance it with one more hidden cell; when every sum balances,
    /// check the column bounds.
    /// </summary>
    bool Balance(ref int budget)
    {
        if (--budget < 0) return false;
        // Mirrored, the other school's sums balance when the school's own do, and the CSS's never move.
        var g = -1;
        foreach (var u in unbalanced)
            if (mirror == 0 || tableOf[sums[u][0]] == home) { g = u; break; }
        if (g < 0) return Bounded(ref budget);
        var open = sums[g];
        var gap = gaps![g];
        // The hidden cells not moved yet, counts of 5 or more first, then the least tied; ties keep the sum's order.
        // This runs at every node of the search: sorted keys in a pooled array, not a LINQ ordering.
        var order = System.Buffers.ArrayPool<long>.Shared.Rent(open.Length);
        try
        {
            var count = 0;
            for (var k = 0; k < open.Length; k++)
            {
                var i = open[k];
                if (hidden[i] && !move.ContainsKey(i))
                    order[count++] = ((long)(IsSmall(value[i]) ? 1 : 0) << 52) | ((long)ties[i] << 26) | (uint)k;
            }
            Array.Sort(order, 0, count);
            for (var n = 0; n < count; n++)
            {
                var i = open[(int)(order[n] & ((1L << 26) - 1))];
                // The total moves against the gap, a part with it.
                var step = (i == open[0] ? -1 : 1) * Math.Sign(gap);
                if (!Allowed(i, step)) continue;
                Step(i, step);
                var found = Balance(ref budget);
                if (found) return true;
                Step(i, -step);
                if (budget < 0) return false;
            }
            return false;
        }
        finally
        {
            System.Buffers.ArrayPool<long>.Shared.Return(order);
        }
    }

    /// <summary>
    /// Every sum balances: check the columns, and where the move breaks one, try to repair it — the total follows, or a
    /// need row gives way — then balance the sums again.
    /// </summary>
    bool Bounded(ref int budget)
    {
        int After(int i) => value[i] + move.GetValueOrDefault(i);
        var columns = new List<int>();
        var seen = new HashSet<int>();
        foreach (var i in move.Keys)
            foreach (var g in boundsOf[i])
                if (seen.Add(g)) columns.Add(g);
        foreach (var g in columns)
        {
            var group = columnBounds[g];
            var total = After(group[0]);
            var (above, parts) = (-1, 0);
            for (var k = 1; k < group.Length; k++)
            {
                if (above < 0 && After(group[k]) > total) above = group[k];
                parts += After(group[k]);
            }
            // A need row above the total: the total follows, or the row gives way. Need rows short of the total: the
            // total gives way, or a need row follows.
            if (above < 0 && parts >= total) continue;
            var fixes = above >= 0 ? 2 : group.Length;
            for (var f = 0; f < fixes; f++)
            {
                var (cell, step) = above >= 0 ? (f == 0 ? (group[0], 1) : (above, -1)) : (f == 0 ? (group[0], -1) : (group[f], 1));
                if (move.ContainsKey(cell) || !Allowed(cell, step)) continue;
                Step(cell, step);
                if (Balance(ref budget)) return true;
                Step(cell, -step);
                if (budget < 0) return false;
            }
            return false;
        }
        return true;
    }
}
