// A UDP echo service in the generic host: the endpoint binds as appsettings.json's "Echo" section says, resolves
// EchoHandlers from DI, logs through ILogger and closes its socket when the host stops. A demo client sends a few
// shouts, prints the echoes, then stops the host, so `dotnet run` exits by itself.
// appsettings.json is read from beside the program (the build copies it there), not from the current directory, so
// `dotnet run --project examples/Hosted` from the repository's root binds as it says; with no address configured the
// endpoint binds 127.0.0.1 (TypedDgram.Hosting's default), never every interface by accident.
using Hosted;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddDatagramEndpoint<EchoHandlers>(builder.Configuration.GetSection("Echo"));
builder.Services.AddHostedService<DemoClient>();

await builder.Build().RunAsync();
