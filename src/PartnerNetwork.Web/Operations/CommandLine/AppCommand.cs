using System.CommandLine;
using System.Data.Common;

namespace PartnerNetwork.Web.Operations.CommandLine;

/// <summary>A command that runs against the app's services once the host is built, instead of serving.</summary>
public abstract class AppCommand(string name, string description) : Command(name, description)
{
    /// <summary>The exit code of a wrong option or argument, as command-line tools answer it.</summary>
    public const int UsageError = 2;

    /// <summary>No response files: an argument starting with @ (a file name, a password) is taken as written.</summary>
    public static readonly ParserConfiguration Parser = new() { ResponseFileTokenReplacer = null };

    /// <summary>Some parser messages list the accepted values on lines of their own.</summary>
    public static string OneLine(string message) => string.Join(" ", message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));

    public abstract Task<int> RunAsync(IServiceProvider services, ParseResult parsed);

    /// <summary>
    /// Runs the command, and reports a situation an operator can meet — the database unreachable or refusing, a file
    /// that cannot be read or written, a volume already seeded — as one line and exit code 1, not as a stack trace.
    /// </summary>
    public async Task<int> RunReportingAsync(IServiceProvider services, ParseResult parsed, TextWriter error)
    {
        try
        {
            return await RunAsync(services, parsed);
        }
        catch (Exception exception) when (Expected(exception) is { } message)
        {
            error.WriteLine($"{Name}: {message}");
            return 1;
        }
    }

    static string? Expected(Exception exception) => exception switch
    {
        Data.Seeding.AlreadySeededException already => already.Message,
        DbException or Microsoft.EntityFrameworkCore.DbUpdateException => $"the database refused: {Innermost(exception).Message}",
        IOException or UnauthorizedAccessException => exception.Message,
        _ => null,
    };

    static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;
}
