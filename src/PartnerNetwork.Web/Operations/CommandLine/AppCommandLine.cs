using System.CommandLine;
using System.CommandLine.Help;

namespace PartnerNetwork.Web.Operations.CommandLine;

/// <summary>
/// The command line: serve (the default), seed, import, rehash-families and refresh-schools, parsed by System.CommandLine. ASP.NET Core
/// configuration switches are set apart first and go to the host: for serving every <c>--key value</c> or
/// <c>--key=value</c> (<c>--urls</c>, <c>--Demo:Password</c>, what WebApplicationFactory passes), exactly as before;
/// after a command only <c>--Section:Key value</c> and the host's own <c>--environment</c>, <c>--contentRoot</c> and
/// <c>--applicationName</c>, so that a mistyped option of the command is an error, not a silent setting.
/// </summary>
public sealed class AppCommandLine
{
    public const string ProgramName = "PartnerNetwork.Web";

    static readonly string[] HelpTokens = ["-h", "--help", "-?", "/?", "/h"];
    static readonly string[] HostKeys = ["environment", "contentRoot", "applicationName"];

    /// <summary>The arguments for the host's configuration: for serving, the command line as given.</summary>
    public required string[] ConfigurationArgs { get; init; }

    /// <summary>The command to run instead of serving, with its parse; null to serve.</summary>
    public AppCommand? Command { get; init; }

    public ParseResult? Parsed { get; init; }

    /// <summary>Set when the command line was answered already (help: 0, a usage error: 2): nothing else runs.</summary>
    public int? ExitCode { get; init; }

    public static RootCommand Root()
    {
        var serve = new Command("serve", "Serve the site (the default): applies the migrations, seeds the demo where enabled and listens. " +
            "Takes ASP.NET Core configuration switches: --urls http://localhost:5080, --environment Production, --Section:Key value " +
            "(e.g. --Demo:Password '…', --ConnectionStrings:Sqlite 'Data Source=…').");
        var root = new RootCommand("PartnerNetwork: community services directory, closed-loop referrals and coverage for Quebec schools. " +
            "Without a command it serves the site. Commands take configuration switches too (--Section:Key value, " +
            "e.g. --ConnectionStrings:Sqlite 'Data Source=/tmp/volume.db' or --Database:Provider Postgres).")
        {
            serve, new SeedCommand(), new ImportCommand(), new RehashFamiliesCommand(), new RefreshSchoolsCommand(),
        };
        root.HelpName = ProgramName;
        // Serving is Program's own work once the host is built; these actions only make the root and "serve"
        // complete commands for the parser (without one, a command with subcommands demands a subcommand).
        root.SetAction(_ => 0);
        serve.SetAction(_ => 0);
        // --version would report an assembly version nobody sets; help is the one built-in option kept.
        foreach (var version in root.Options.OfType<VersionOption>().ToList()) root.Options.Remove(version);
        return root;
    }

    public static AppCommandLine Parse(string[] args, TextWriter output, TextWriter error)
    {
        var root = Root();
        var commandName = FirstPositional(args, root);
        var serving = commandName is null or "serve";
        var (configuration, rest) = Split(args, serving);
        var parsed = root.Parse(rest, AppCommand.Parser);

        if (parsed.Action is HelpAction)
        {
            parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
            return new AppCommandLine { ConfigurationArgs = [], ExitCode = 0 };
        }
        if (parsed.Errors.Count > 0)
        {
            // One line for the error, then the usage of the command it concerns.
            error.WriteLine($"{ProgramName}: {AppCommand.OneLine(parsed.Errors[0].Message)}");
            error.WriteLine();
            var command = parsed.CommandResult.Command;
            root.Parse(command == root ? ["--help"] : [command.Name, "--help"], AppCommand.Parser).Invoke(new InvocationConfiguration { Output = error, Error = error });
            return new AppCommandLine { ConfigurationArgs = [], ExitCode = AppCommand.UsageError };
        }
        if (parsed.CommandResult.Command is AppCommand appCommand)
            return new AppCommandLine { ConfigurationArgs = configuration, Command = appCommand, Parsed = parsed };
        // Serving: the host reads the arguments as it always did (an explicit "serve" aside).
        return new AppCommandLine { ConfigurationArgs = commandName == "serve" ? configuration : args };
    }

    /// <summary>The first argument that is neither a switch nor a switch's value: the command's name, when it is one.</summary>
    static string? FirstPositional(string[] args, RootCommand root)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (HelpTokens.Contains(args[i])) continue;
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (!args[i].Contains('=')) i++;
                continue;
            }
            return root.Subcommands.Any(c => c.Name == args[i]) ? args[i] : null;
        }
        return null;
    }

    /// <summary>Configuration switches (with their values) apart from what System.CommandLine parses.</summary>
    static (string[] Configuration, string[] Parsed) Split(string[] args, bool serving)
    {
        var configuration = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var token = args[i];
            if (!HelpTokens.Contains(token) && token.StartsWith("--", StringComparison.Ordinal) && token.Length > 2
                && (serving || IsConfigurationKey(token[2..].Split('=')[0])))
            {
                configuration.Add(token);
                // "--key value": the next argument is the value, whatever it looks like, as the configuration reads it.
                if (!token.Contains('=') && i + 1 < args.Length) configuration.Add(args[++i]);
                continue;
            }
            rest.Add(token);
        }
        return ([.. configuration], [.. rest]);
    }

    static bool IsConfigurationKey(string key) =>
        key.Contains(':') || HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase);
}
