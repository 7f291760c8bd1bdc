return await OrleansKube.Cli.Okctl.RunAsync(args);
