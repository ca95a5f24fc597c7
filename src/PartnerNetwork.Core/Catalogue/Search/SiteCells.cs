using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace PartnerNetwork.Core.Catalogue.Search;

/// <summary>
/// Service sites grouped into small latitude/longitude cells, each cell's sites stored contiguously, with an STRtree
/// over the cells' envelopes. A "near" query asks the tree for the cells touching its box, then scans flat arrays:
/// in dense Montréal that is a few hundred tree items instead of thousands, and the scan stays in the CPU cache.
/// </summary>
sealed class SiteCells
{
    // About 2 km: a cell holds a handful to a few dozen sites of one need downtown.
    const double CellDegrees = 0.02;

    readonly STRtree<int> tree = new();
    readonly int[] cellStart;

    /// <summary>Per stored position: the site (index into the catalogue's sites), its entry and its point on the unit sphere.</summary>
    public readonly int[] Site, Entry;
    public readonly double[] X, Y, Z;

    public SiteCells(IReadOnlyList<int> siteIndexes, CatalogueSite[] sites, int[] siteEntry)
    {
        static long CellOf(CatalogueSite site) =>
            ((long)Math.Floor(site.Latitude / CellDegrees) << 32) | (uint)(int)Math.Floor(site.Longitude / CellDegrees);

        // Each site's cell computed once; (cell, site) order keeps a cell's sites in the order they came.
        var byCell = siteIndexes.Select(s => (Cell: CellOf(sites[s]), Site: s)).ToArray();
        Array.Sort(byCell);
        var ordered = byCell.Select(c => c.Site).ToArray();
        var cells = byCell.Select(c => c.Cell).ToArray();
        Site = ordered;
        Entry = new int[ordered.Length];
        X = new double[ordered.Length];
        Y = new double[ordered.Length];
        Z = new double[ordered.Length];
        var starts = new List<int>();
        for (var k = 0; k < ordered.Length; k++)
        {
            var site = sites[ordered[k]];
            Entry[k] = siteEntry[ordered[k]];
            (X[k], Y[k], Z[k]) = UnitVector(site.Latitude, site.Longitude);
            if (k == 0 || cells[k] != cells[k - 1]) starts.Add(k);
        }
        starts.Add(ordered.Length);
        cellStart = [.. starts];
        for (var cell = 0; cell < cellStart.Length - 1; cell++)
        {
            var envelope = new Envelope();
            for (var k = cellStart[cell]; k < cellStart[cell + 1]; k++) envelope.ExpandToInclude(sites[Site[k]].Longitude, sites[Site[k]].Latitude);
            tree.Insert(envelope, cell);
        }
        if (ordered.Length > 0) tree.Build();
    }

    public int Count => Site.Length;

    /// <summary>Hands the visitor the range of stored positions of every cell touching the box.</summary>
    public void Query(Envelope box, Action<int, int> visitRange)
    {
        if (Count == 0) return;
        tree.Query(box, new RangeVisitor(cellStart, visitRange));
    }

    sealed class RangeVisitor(int[] cellStart, Action<int, int> visitRange) : NetTopologySuite.Index.IItemVisitor<int>
    {
        public void VisitItem(int cell) => visitRange(cellStart[cell], cellStart[cell + 1]);
    }

    public static (double X, double Y, double Z) UnitVector(double latitude, double longitude)
    {
        var lat = latitude * Math.PI / 180;
        var lon = longitude * Math.PI / 180;
        return (Math.Cos(lat) * Math.Cos(lon), Math.Cos(lat) * Math.Sin(lon), Math.Sin(lat));
    }
}
