using System.CommandLine;

namespace OrleansKube.Cli.Commands;

/// <summary>Options every command shares.</summary>
public sealed record GlobalOptions(Option<string> Server, Option<string?> Namespace);
