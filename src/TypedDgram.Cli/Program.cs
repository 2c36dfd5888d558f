using System.CommandLine;
using TypedDgram.Cli;

return await Tdg.RunAsync(args, new InvocationConfiguration());
