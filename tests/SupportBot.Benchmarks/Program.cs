using SupportBot.Benchmarks;

return await BenchmarkCommand.RunAsync(args, Console.Out, Console.Error);
