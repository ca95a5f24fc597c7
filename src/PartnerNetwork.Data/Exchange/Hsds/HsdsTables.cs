using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using PartnerNetwork.Data.Exchange.Spreadsheet;

namespace PartnerNetwork.Data.Exchange.Hsds;

/// <summary>One record of an HSDS table: its fields as text, and where it came from (CSV line or JSON record number) for the report.</summary>
public sealed class HsdsRow(string table, int record)
{
    public string Table { get; } = table;
    public int Record { get; } = record;
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>The field's text, or null when absent or blank.</summary>
    public string? this[string field] => Values.TryGetValue(field, out var value) && value.Length > 0 ? value : null;

    public string Id => this["id"] ?? "";
}

/// <summary>
/// The tabular form of Open Referral HSDS 3.0 (one list of rows per resource, as in its data package). Every HSDS format
/// goes through it: a data package zip is read into it, HSDS JSON (nested services or organisations, as our API returns
/// them) is flattened into it, and our export is written from it — so there is one importer and one writer.
/// </summary>
public sealed class HsdsTables
{
    public const int MaxEntries = 40;
    public const long MaxExpandedBytes = ImportLimits.MaxExpandedBytes;

    /// <summary>The resources we read and write, with the field order of HSDS 3.0's datapackage.json.</summary>
    public static readonly IReadOnlyList<(string Name, string Path, string[] Fields)> Resources =
    [
        ("organization", "organizations.csv", ["id", "name", "alternate_name", "description", "email", "website", "tax_status", "tax_id", "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id"]),
        ("service", "services.csv", ["id", "organization_id", "program_id", "name", "alternate_name", "description", "url", "email", "status", "interpretation_services", "application_process", "fees_description", "wait_time", "fees", "accreditations", "eligibility_description", "minimum_age", "maximum_age", "assured_date", "assurer_email", "licenses", "alert", "last_modified"]),
        ("attribute", "attributes.csv", ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"]),
        ("service_at_location", "service_at_location.csv", ["id", "service_id", "location_id", "description"]),
        ("location", "locations.csv", ["id", "location_type", "url", "organization_id", "name", "alternate_name", "description", "transportation", "latitude", "longitude", "external_identifier", "external_identifier_type"]),
        ("phone", "phones.csv", ["id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id", "number", "extension", "type", "description"]),
        ("contact", "contacts.csv", ["id", "organization_id", "service_id", "service_at_location_id", "location_id", "name", "title", "department", "email"]),
        ("address", "addresses.csv", ["id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province", "postal_code", "country", "address_type"]),
        ("schedule", "schedules.csv", ["id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to", "dtstart", "timezone", "until", "count", "wkst", "freq", "interval", "byday", "byweekno", "bymonthday", "byyearday", "description", "opens_at", "closes_at", "schedule_link", "attending_type", "notes"]),
        ("service_area", "service_areas.csv", ["id", "service_id", "name", "description", "extent", "extent_type", "uri"]),
        ("language", "languages.csv", ["id", "service_id", "location_id", "phone_id", "name", "code", "note"]),
        ("accessibility", "accessibility.csv", ["id", "location_id", "description", "details", "url"]),
        ("taxonomy_term", "taxonomy_terms.csv", ["id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id", "term_uri"]),
        ("taxonomy", "taxonomies.csv", ["id", "name", "description", "uri", "version"]),
    ];

    /// <summary>The other resources of the HSDS package: accepted in a zip, not read (we hold nothing they describe).</summary>
    static readonly HashSet<string> IgnoredPaths = ["programs.csv", "funding.csv", "required_documents.csv", "metadata.csv", "meta_table_descriptions.csv", "cost_options.csv", "organization_identifiers.csv"];

    /// <summary>A nested property of an HSDS JSON object and the table its objects belong to.</summary>
    static readonly Dictionary<string, string> Nested = new(StringComparer.Ordinal)
    {
        ["organization"] = "organization", ["services"] = "service", ["service"] = "service", ["locations"] = "location", ["location"] = "location",
        ["attributes"] = "attribute", ["service_at_locations"] = "service_at_location", ["phones"] = "phone", ["contacts"] = "contact",
        ["addresses"] = "address", ["schedules"] = "schedule", ["service_areas"] = "service_area", ["languages"] = "language",
        ["accessibility"] = "accessibility", ["taxonomy_term"] = "taxonomy_term", ["taxonomy_detail"] = "taxonomy",
    };

    readonly Dictionary<string, List<HsdsRow>> rows = Resources.ToDictionary(r => r.Name, _ => new List<HsdsRow>());
    readonly Dictionary<string, Dictionary<string, HsdsRow>> byId = Resources.ToDictionary(r => r.Name, _ => new Dictionary<string, HsdsRow>(StringComparer.OrdinalIgnoreCase));

    /// <summary>True when the tables came from HSDS JSON (report by record number) rather than CSV files (by line).</summary>
    public bool FromJson { get; private set; }

    int maxRows = ImportLimits.MaxRows;

    /// <summary>The first table that reached <see cref="ImportLimits.MaxRows"/> while reading JSON; reading stopped there.</summary>
    string? full;

    public IReadOnlyList<HsdsRow> this[string table] => rows[table];

    readonly Dictionary<(string, string), ILookup<string, HsdsRow>> lookups = [];

    /// <summary>The row of a table with this id (ids compare without case, as UUIDs do).</summary>
    public HsdsRow? Find(string table, string? id) => id is null ? null : Where(table, "id", id).FirstOrDefault();

    /// <summary>The rows of a table whose field holds this value, through an index built on first use.</summary>
    public IEnumerable<HsdsRow> Where(string table, string field, string value)
    {
        if (!lookups.TryGetValue((table, field), out var lookup))
            lookups[(table, field)] = lookup = rows[table].Where(r => r[field] is not null).ToLookup(r => r[field]!, StringComparer.OrdinalIgnoreCase);
        return lookup[value];
    }

    static readonly Dictionary<string, HashSet<string>> FieldSets = Resources.ToDictionary(r => r.Name, r => r.Fields.ToHashSet(StringComparer.Ordinal));

    public static string PathOf(string table) => Resources.First(r => r.Name == table).Path;

    /// <summary>
    /// Adds a row. A second row with an id already seen is refused (false); in JSON it is the same record nested twice
    /// (a language under the service and under its phone), so what it adds to the first is kept.
    /// </summary>
    bool Add(HsdsRow row)
    {
        if (row.Id.Length > 0 && byId[row.Table].TryGetValue(row.Id, out var first))
        {
            if (FromJson) foreach (var (field, value) in row.Values) first.Values.TryAdd(field, value);
            return false;
        }
        if (row.Id.Length > 0) byId[row.Table][row.Id] = row;
        rows[row.Table].Add(row);
        return true;
    }

    // ---- HSDS JSON ----

    /// <summary>
    /// Reads HSDS JSON: a list of fully nested services or organisations, one of them alone, or an API page
    /// (its <c>contents</c>). A record with <c>status</c> is a service, any other an organisation.
    /// </summary>
    public static HsdsTables ReadJson(byte[] bytes, List<ImportProblem> problems, int maxRows = ImportLimits.MaxRows)
    {
        var tables = new HsdsTables { FromJson = true, maxRows = maxRows };
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? 3 : 0),
                new JsonDocumentOptions { MaxDepth = 32, AllowTrailingCommas = true });
        }
        catch (JsonException)
        {
            problems.Add(new(0, "", "", "Import.BadJson"));
            return tables;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("contents", out var contents)) root = contents;
            var items = root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray().ToList(),
                JsonValueKind.Object => [root],
                _ => [],
            };
            var number = 0;
            foreach (var item in items)
            {
                number++;
                if (item.ValueKind != JsonValueKind.Object)
                {
                    problems.Add(new(number, "", "", "Import.BadJson"));
                    continue;
                }
                tables.AddRecord(item.TryGetProperty("status", out _) ? "service" : "organization", item, number, parent: null);
                if (tables.full is not null)
                {
                    problems.Add(new(0, tables.full, maxRows.ToString(CultureInfo.InvariantCulture), "Import.TableTooLong"));
                    return new HsdsTables { FromJson = true };
                }
            }
            if (items.Count == 0) problems.Add(new(0, "", "", "Import.NoRows"));
        }
        return tables;
    }

    /// <summary>Adds one JSON object and, recursively, the objects nested in it; a child missing its parent's id gets it.</summary>
    public void AddRecord(string table, JsonElement item, int record, (string Table, string Id)? parent)
    {
        if (full is not null) return;
        if (rows[table].Count >= maxRows)
        {
            full = table;
            return;
        }
        var row = new HsdsRow(table, record);
        var fields = FieldSets[table];
        foreach (var property in item.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False && fields.Contains(property.Name))
                row.Values[property.Name] = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : value.GetRawText();
            // A nested object stands for the reference: a service with its organisation inside needs no organization_id.
            else if (value.ValueKind == JsonValueKind.Object && Nested.TryGetValue(property.Name, out var referenced) && fields.Contains(referenced + "_id")
                     && value.TryGetProperty("id", out var referencedId) && referencedId.ValueKind == JsonValueKind.String)
                row.Values.TryAdd(referenced + "_id", referencedId.GetString()!.Trim());
        }
        // Nesting says whose a record is, whatever reference it carries.
        if (parent is { } p)
        {
            if (table == "attribute")
            {
                row.Values["link_id"] = p.Id;
                row.Values["link_type"] = p.Table;
                row.Values["link_entity"] = p.Table;
            }
            else if (fields.Contains(p.Table + "_id")) row.Values[p.Table + "_id"] = p.Id;
        }
        Add(row);
        foreach (var property in item.EnumerateObject())
        {
            if (!Nested.TryGetValue(property.Name, out var child)) continue;
            if (property.Value.ValueKind == JsonValueKind.Object) AddRecord(child, property.Value, record, (table, row.Id));
            else if (property.Value.ValueKind == JsonValueKind.Array)
                foreach (var element in property.Value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
                    AddRecord(child, element, record, (table, row.Id));
        }
    }

    // ---- Data package ----

    /// <summary>
    /// Reads an HSDS tabular data package (a zip of CSVs with datapackage.json). Refused whole: a zip that is not one, too
    /// many entries, more than <see cref="MaxExpandedBytes"/> once expanded (counted while reading, not trusted from the
    /// headers), no datapackage.json, unknown files or columns, a table without its id column, or one id used twice.
    /// </summary>
    public static HsdsTables ReadPackage(byte[] bytes, List<ImportProblem> problems) => ReadPackage(new MemoryStream(bytes), problems, MaxExpandedBytes);

    /// <summary>A package read from a stream with its own expanded-size limit (the command-line import's is larger than an upload's).</summary>
    public static HsdsTables ReadPackage(Stream package, List<ImportProblem> problems, long maxExpandedBytes, int maxRows = ImportLimits.MaxRows)
    {
        var tables = new HsdsTables { maxRows = maxRows };
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(package, ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            problems.Add(new(0, "", "", "Import.BadZip"));
            return tables;
        }
        using (zip)
        {
            if (zip.Entries.Count > MaxEntries)
            {
                problems.Add(new(0, "", zip.Entries.Count.ToString(CultureInfo.InvariantCulture), "Import.ZipTooManyEntries"));
                return tables;
            }
            // Files may sit in one folder of the zip; they are named by their last segment.
            var entries = zip.Entries.Where(e => e.Name.Length > 0).ToList();
            if (!entries.Any(e => e.Name == "datapackage.json")) problems.Add(new(0, "datapackage.json", "", "Import.NoDataPackage"));
            foreach (var unknown in entries.Where(e => e.Name != "datapackage.json" && Resources.All(r => r.Path != e.Name) && !IgnoredPaths.Contains(e.Name)))
                problems.Add(new(0, unknown.Name, "", "Import.UnknownFile"));
            if (problems.Count > 0) return tables;

            // Tables are parsed two at a time (this machine has two cores): entries are read from the zip one at a time,
            // under the expanded-size budget, and each table keeps its own rows and problems, merged in HSDS's order.
            long expanded = 0;
            string? tooLarge = null;
            var found = Resources.Select(_ => new List<ImportProblem>()).ToArray();
            Parallel.For(0, Resources.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                var (name, path, fields) = Resources[i];
                var entry = entries.FirstOrDefault(e => e.Name == path);
                if (entry is null) return;
                byte[] content;
                lock (zip)
                {
                    if (tooLarge is not null) return;
                    try
                    {
                        content = ReadBounded(entry, maxExpandedBytes - expanded);
                    }
                    catch (InvalidDataException)
                    {
                        tooLarge = path;
                        return;
                    }
                    expanded += content.Length;
                }
                // Read from the bytes, not from one string of the whole table: that string took twice the table's size.
                var (encoding, skip) = SpreadsheetFormat.EncodingOf(content);
                using var text = new StreamReader(new MemoryStream(content, skip, content.Length - skip), encoding, detectEncodingFromByteOrderMarks: false);
                tables.ReadCsv(name, path, fields, text, found[i]);
            });
            if (tooLarge is not null)
            {
                problems.Add(new(0, tooLarge, "", "Import.ZipTooLarge"));
                return new HsdsTables();
            }
            foreach (var tableProblems in found) problems.AddRange(tableProblems);
        }
        return tables;
    }

    static byte[] ReadBounded(ZipArchiveEntry entry, long limit)
    {
        using var input = entry.Open();
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            if (output.Length + read > limit) throw new InvalidDataException("The archive expands beyond the limit.");
            output.Write(buffer, 0, read);
        }
        return output.ToArray();
    }

    void ReadCsv(string table, string path, string[] fields, TextReader text, List<ImportProblem> problems)
    {
        try
        {
            ReadCsvRows(table, path, fields, text, problems);
        }
        catch (MaxFieldSizeException)
        {
            problems.Add(new(0, path, ImportLimits.MaxCellLength.ToString(CultureInfo.InvariantCulture), "Import.CellTooLong"));
        }
    }

    /// <summary>One table's rows, stopped with a file-level problem at the row or column limit.</summary>
    void ReadCsvRows(string table, string path, string[] fields, TextReader text, List<ImportProblem> problems)
    {
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = null, MissingFieldFound = null, DetectColumnCountChanges = false, TrimOptions = TrimOptions.Trim,
            MaxFieldSize = ImportLimits.MaxCellLength,
        });
        if (!csv.Read() || !csv.ReadHeader()) return;
        if (csv.HeaderRecord!.Length > ImportLimits.MaxColumns)
        {
            problems.Add(new(0, path, csv.HeaderRecord.Length.ToString(CultureInfo.InvariantCulture), "Import.TooManyColumns"));
            return;
        }
        var header = csv.HeaderRecord.Select(h => h.Trim()).ToArray();
        foreach (var unknown in header.Where(h => !fields.Contains(h))) problems.Add(new(0, $"{path}:{unknown}", "", "Import.UnknownColumn"));
        if (!header.Contains("id")) problems.Add(new(0, $"{path}:id", "", "Import.MissingColumn"));
        if (problems.Count > 0) return;
        // A value seen before in this table is kept once: references (a service's id on each of its hours and attributes)
        // and codes repeat by the hundred thousand in a whole directory's package.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            if (rows[table].Count >= maxRows)
            {
                problems.Add(new(0, path, maxRows.ToString(CultureInfo.InvariantCulture), "Import.TableTooLong"));
                return;
            }
            if (csv.Parser.Count > ImportLimits.MaxColumns)
            {
                problems.Add(new(0, path, csv.Parser.Count.ToString(CultureInfo.InvariantCulture), "Import.TooManyColumns"));
                return;
            }
            var row = new HsdsRow(table, csv.Parser.Row);
            for (var i = 0; i < header.Length; i++)
            {
                if (!csv.TryGetField<string>(i, out var value) || string.IsNullOrWhiteSpace(value)) continue;
                value = CsvFile.Unneutralise(value.Trim());
                if (header[i] != "id")
                {
                    if (seen.TryGetValue(value, out var same)) value = same;
                    else seen.Add(value);
                }
                row.Values[header[i]] = value;
            }
            if (!Add(row)) problems.Add(new(row.Record, $"{path}:id", row.Id, "Import.DuplicateId"));
        }
    }
}

/// <summary>
/// Writes an HSDS data package from tables handed over a batch at a time, so an export holds one batch in memory, not
/// the directory. Each resource's CSV (our CSV writer) grows in a temporary file, because a zip entry is written whole,
/// one at a time; a row whose id was written before (an organisation under each of its services) is skipped.
/// </summary>
public sealed class HsdsPackageWriter : IDisposable
{
    /// <summary>A file for a package being built, deleted when closed (once sent): a whole directory's is too big for memory.</summary>
    public static FileStream TemporaryFile() =>
        new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);

    sealed class Table
    {
        public Table(string path, string[] fields)
        {
            (Path, Fields) = (path, fields);
            Csv = CsvFile.Writer(File, fields);
        }

        public string Path { get; }
        public string[] Fields { get; }
        public FileStream File { get; } = TemporaryFile();
        public CsvWriter Csv { get; }
        // Ids as GUIDs where they are (ours all are): a tenth of the memory of the strings, over millions of rows.
        public HashSet<Guid> Written { get; } = [];
        public HashSet<string> WrittenOther { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    readonly Dictionary<string, Table> tables = HsdsTables.Resources.ToDictionary(r => r.Name, r => new Table(r.Path, r.Fields));

    public void Append(HsdsTables batch)
    {
        foreach (var (name, table) in tables)
        {
            foreach (var row in batch[name])
            {
                var first = row.Id.Length == 0 || (Guid.TryParse(row.Id, out var id) ? table.Written.Add(id) : table.WrittenOther.Add(row.Id));
                if (first) CsvFile.WriteRow(table.Csv, table.Fields.Length, table.Fields.Select(f => (object?)row[f]).ToList());
            }
        }
    }

    /// <summary>The package: one CSV per resource, in HSDS's order, and datapackage.json describing them.</summary>
    public void WriteZip(Stream output)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var table in tables.Values)
        {
            table.Csv.Flush();
            table.File.Position = 0;
            using var entry = zip.CreateEntry(table.Path, CompressionLevel.Fastest).Open();
            table.File.CopyTo(entry);
        }
        using var json = zip.CreateEntry("datapackage.json", CompressionLevel.Fastest).Open();
        JsonSerializer.Serialize(json, new
        {
            profile = "tabular-data-package",
            name = "partnernetwork-directory",
            title = "PartnerNetwork directory (Open Referral HSDS 3.0)",
            version = "3.0.0",
            license = new { type = "CC-BY-SA-4.0" },
            resources = HsdsTables.Resources.Select(r => new
            {
                profile = "tabular-data-resource", name = r.Name, path = r.Path, format = "csv", mediatype = "text/csv", encoding = "utf-8-sig",
                schema = new { fields = r.Fields.Select(f => new { name = f, type = "string" }), primaryKey = "id" },
            }),
        }, new JsonSerializerOptions { WriteIndented = true });
    }

    public void Dispose()
    {
        foreach (var table in tables.Values)
        {
            table.Csv.Dispose();
            table.File.Dispose();
        }
    }
}
