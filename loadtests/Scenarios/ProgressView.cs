using Spectre.Console;

namespace OrleansKube.LoadTests.Scenarios;

/// <summary>One step's progress: a bar towards its goal, and a line when it ends.</summary>
public interface IStepProgress
{
    void Report(double value, double goal, string detail);

    void Done(string summary);
}

/// <summary>
/// Where a run shows its progress: Spectre.Console bars on a terminal; on redirected output (CI, a pipe) a
/// plain line every few seconds, so logs stay readable.
/// </summary>
public abstract class ProgressView
{
    public abstract IStepProgress Start(string description);

    /// <summary>Runs <paramref name="run"/> with the view suited to the console.</summary>
    public static async Task<T> RunAsync<T>(TextWriter output, Func<ProgressView, Task<T>> run)
    {
        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            T result = default!;
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context => result = await run(new Bars(context)));
            return result;
        }

        return await run(new Lines(output));
    }

    private sealed class Bars(ProgressContext context) : ProgressView
    {
        public override IStepProgress Start(string description) => new Bar(context.AddTask(Markup.Escape(description), maxValue: 1), description);

        private sealed class Bar(ProgressTask task, string description) : IStepProgress
        {
            public void Report(double value, double goal, string detail)
            {
                task.MaxValue = Math.Max(goal, 1);
                task.Value = Math.Min(value, task.MaxValue);
                task.Description = Markup.Escape($"{description}: {detail}");
            }

            public void Done(string summary)
            {
                task.Value = task.MaxValue;
                task.Description = Markup.Escape($"{description}: {summary}");
                task.StopTask();
            }
        }
    }

    private sealed class Lines(TextWriter output) : ProgressView
    {
        public override IStepProgress Start(string description) => new Line(output, description);

        private sealed class Line(TextWriter output, string description) : IStepProgress
        {
            private readonly DateTime _started = DateTime.UtcNow;
            private DateTime _last = DateTime.UtcNow;

            public void Report(double value, double goal, string detail)
            {
                if (DateTime.UtcNow - _last >= TimeSpan.FromSeconds(2))
                {
                    _last = DateTime.UtcNow;
                    output.WriteLine($"  {(DateTime.UtcNow - _started).TotalSeconds,6:F1}s  {description}: {detail}");
                }
            }

            public void Done(string summary) => output.WriteLine($"  {description}: {summary}");
        }
    }
}
