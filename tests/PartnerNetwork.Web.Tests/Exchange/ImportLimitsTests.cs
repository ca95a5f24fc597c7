using System.Data.Common;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Exchange;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Jobs;
using PartnerNetwork.Data.Exchange.Hsds;
using PartnerNetwork.Data.Exchange.Spreadsheet;

using static PartnerNetwork.Web.Tests.Exchange.ImportPage;

namespace PartnerNetwork.Web.Tests.Exchange;

/// <summary>
/// Issue 18 §4: small files cannot take the server down. Every tabular reader stops at its limits while reading, and a
/// file whose work dies every time is given up after a bounded number of attempts.
/// </summary>
public class ImportLimitsTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>
    /// A workbook of 20 rows, the template's header on the first, and one cell at XFD (Excel's last column): about 4 KB.
    /// <paramref name="dimension"/> writes the sheet's declared range, as Excel does.
    /// </summary>
    static byte[] WorkbookWithOneCellAtXfd(bool dimension)
    {
        const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string Relationships = "http://schemas.openxmlformats.org/package/2006/relationships";
        const string Office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        static string Cell(string reference, string text) => $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{text}</t></is></c>";
        var header = SpreadsheetFormat.Columns.Select((c, i) => Cell($"{(char)('A' + i)}1", c.French));
        var rows = new StringBuilder($"<row r=\"1\">{string.Concat(header)}{Cell("XFD1", "x")}</row>");
        for (var r = 2; r <= 20; r++) rows.Append($"<row r=\"{r}\">{Cell($"A{r}", $"Organisme {r}")}</row>");

        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Entry(string name, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" + xml);
            }
            Entry("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
                "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
                "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>");
            Entry("_rels/.rels", $"<Relationships xmlns=\"{Relationships}\"><Relationship Id=\"rId1\" Type=\"{Office}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            Entry("xl/workbook.xml", $"<workbook xmlns=\"{Main}\" xmlns:r=\"{Office}\"><sheets><sheet name=\"repertoire\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            Entry("xl/_rels/workbook.xml.rels", $"<Relationships xmlns=\"{Relationships}\"><Relationship Id=\"rId1\" Type=\"{Office}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
            Entry("xl/worksheets/sheet1.xml", $"<worksheet xmlns=\"{Main}\">{(dimension ? "<dimension ref=\"A1:XFD20\"/>" : "")}<sheetData>{rows}</sheetData></worksheet>");
        }
        return stream.ToArray();
    }

    /// <summary>An HSDS data package whose services.csv holds <paramref name="rows"/> rows of a lone comma: about 20 KB for ten million.</summary>
    static byte[] PackageOfEmptyRows(int rows)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var descriptor = new StreamWriter(zip.CreateEntry("datapackage.json").Open())) descriptor.Write("{\"profile\":\"tabular-data-package\"}");
            using var services = new StreamWriter(zip.CreateEntry("services.csv", CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false), 1 << 16);
            services.Write("id,name\n");
            for (var i = 0; i < rows; i++) services.Write(",\n");
        }
        return stream.ToArray();
    }

    [Fact]
    public async Task A_four_kilobyte_workbook_with_one_cell_at_column_XFD_is_refused_at_once_with_its_reason()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var before = app.With(db => db.Organizations.Count());
        foreach (var dimension in new[] { true, false })
        {
            var workbook = WorkbookWithOneCellAtXfd(dimension);
            Assert.InRange(workbook.Length, 1_000, 8_000);
            var report = WebUtility.HtmlDecode(await admin.GetStringAsync(await UploadedAsync(admin, workbook, "partenaires.xlsx")));
            Assert.Contains("Trop de colonnes : 100 au plus", report);
            Assert.Equal((0, 0), (Count(report, "created"), Count(report, "updated")));
        }
        Assert.Equal(before, app.With(db => db.Organizations.Count()));
    }

    [Fact]
    public async Task A_twenty_kilobyte_zip_of_ten_million_empty_rows_is_refused_once_a_table_passes_its_row_limit()
    {
        var package = PackageOfEmptyRows(10_000_000);
        Assert.True(package.Length < 40_000, $"{package.Length} bytes");
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var report = WebUtility.HtmlDecode(await admin.GetStringAsync(await UploadedAsync(admin, package, "paquet.zip")));
        Assert.Contains("Trop de lignes dans ce tableau : 200 000 au plus", report);
        Assert.Contains("services.csv", report);
        Assert.Equal((0, 0), (Count(report, "created"), Count(report, "rejected")));
    }

    [Fact]
    public async Task A_spreadsheet_row_past_the_column_limit_or_a_cell_past_the_length_limit_refuses_the_file_and_json_stops_at_the_row_limit()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var header = string.Join(',', SpreadsheetFormat.Columns.Select(c => c.French));
        var wide = $"{header}\r\nOrganisme,Service,food-security{new string(',', 150)}";
        var report = WebUtility.HtmlDecode(await admin.GetStringAsync(await UploadedAsync(admin, Encoding.UTF8.GetBytes(wide))));
        Assert.Contains("Trop de colonnes : 100 au plus", report);
        var tall = $"{header}\r\nOrganisme,,,,Service,{new string('x', ImportLimits.MaxCellLength + 1)},food-security";
        report = WebUtility.HtmlDecode(await admin.GetStringAsync(await UploadedAsync(admin, Encoding.UTF8.GetBytes(tall))));
        Assert.Contains("Une cellule dépasse 32 767 caractères", report);

        var problems = new List<ImportProblem>();
        var records = Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Repeat("{\"name\":\"x\"}", ImportLimits.MaxRows + 1)) + "]");
        var tables = HsdsTables.ReadJson(records, problems);
        Assert.Equal([new ImportProblem(0, "organization", "200000", "Import.TableTooLong")], problems);
        Assert.Empty(tables["organization"]);
    }

    /// <summary>Fails the way a killed holder stops: the import's own context stops at its first command and the work is abandoned.</summary>
    sealed class Dies : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancel = default) =>
            throw new OperationCanceledException("The process died here.");
    }

    /// <summary>Scopes whose database context dies: what the import job works in.</summary>
    sealed class DyingScopes(AppFactory app) : IServiceScopeFactory
    {
        public IServiceScope CreateScope() => new Scope(app.NewContext(new Dies()));

        sealed class Scope(PartnerNetworkDb db) : IServiceScope, IServiceProvider
        {
            public IServiceProvider ServiceProvider => this;
            public object? GetService(Type type) => type == typeof(PartnerNetworkDb) ? db : null;
            public void Dispose() => db.Dispose();
        }
    }

    [Fact]
    public async Task A_file_whose_work_dies_every_time_is_marked_failed_after_three_attempts_and_never_picked_up_again()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var lines = new List<string> { "organisme,service,besoins,adresse,ville,code_postal,latitude,longitude,description" };
        for (var i = 0; i < 700; i++) lines.Add($"Organisme {tag} {i},Aide aux devoirs,homework-help,{1000 + i} rue Rachel,Montréal,H2J 2H9,45.52,-73.58,{new string('x', 400)}");
        var url = await UploadedAsync(admin, Encoding.UTF8.GetBytes(string.Join("\r\n", lines)), "gros-fichier.csv");
        var id = Guid.Parse(url.Split('/').Last());
        ImportStatus Status() => app.With(db => db.ImportBatches.AsNoTracking().Single(b => b.Id == id).Status);
        Assert.Equal(ImportStatus.CheckQueued, Status());

        // Three holders in a row take the batch and die in its work: each time it is left Checking, to start over.
        for (var attempt = 1; attempt <= ImportBatch.MaxAttempts; attempt++)
        {
            using var scope = app.Services.CreateScope();
            var job = new ImportJob(scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>(), new DyingScopes(app), TimeProvider.System, NullLogger<ImportJob>.Instance);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.ProcessAsync(id, CancellationToken.None));
            Assert.Equal(ImportStatus.Checking, Status());
        }

        // The next run gives it up, with the reason on its page, and no later run takes it again.
        using (var scope = app.Services.CreateScope()) await scope.ServiceProvider.GetRequiredService<ImportJob>().RunAsync(CancellationToken.None);
        Assert.Equal(ImportStatus.Failed, Status());
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync(url));
        Assert.Contains("L’import s’est arrêté sur une erreur", page);
        Assert.Contains("Le travail sur ce fichier s’est interrompu à chaque essai", page);
        using (var scope = app.Services.CreateScope()) await scope.ServiceProvider.GetRequiredService<ImportJob>().RunAsync(CancellationToken.None);
        Assert.Equal(ImportStatus.Failed, Status());
        Assert.False(app.With(db => db.Organizations.Any(o => o.Name.StartsWith($"Organisme {tag}"))));
    }
}
