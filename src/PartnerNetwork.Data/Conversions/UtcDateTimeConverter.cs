using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PartnerNetwork.Data.Conversions;

/// <summary>
/// Stores DateTime as UTC (our convention; PostgreSQL's timestamptz accepts nothing else) and reads it back marked as UTC.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
