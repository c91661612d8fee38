using SupportBot.Benchmarks;
using SupportBot.Benchmarks.Floor;

return FloorServer.Requested(args)
    ? await FloorServer.RunAsync(args)
    : await BenchmarkCommand.RunAsync(args, Console.Out, Console.Error);
