using System.Diagnostics;
using PartnerNetwork.Data.Seeding;
using Xunit.Abstractions;

namespace PartnerNetwork.Web.Tests.Province;

public class ProvinceTimingProbe(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        var files = ProvinceFiles.Default;
        var t = Stopwatch.StartNew();
        var codes = files.ServiceCentreCodes();
        output.WriteLine($"codes {t.ElapsedMilliseconds} ms");
        t.Restart();
        var centres = files.ServiceCentres();
        output.WriteLine($"centres {t.ElapsedMilliseconds} ms");
        t.Restart();
        var wkb = centres.Sum(c => new NetTopologySuite.IO.WKBWriter().Write(c.Territory).Length);
        output.WriteLine($"wkb {t.ElapsedMilliseconds} ms {wkb} bytes");
        t.Restart();
        var buildings = ProvinceFiles.Buildings(files.SchoolFile);
        output.WriteLine($"buildings {t.ElapsedMilliseconds} ms");
        t.Restart();
        var schools = ProvinceFiles.Join(buildings, ProvinceFiles.Deprivation(files.DeprivationFile));
        output.WriteLine($"join {t.ElapsedMilliseconds} ms {schools.Count}");
    }
}
