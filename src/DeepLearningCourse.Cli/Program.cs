using DeepLearningCourse.Cli;

return await CommandLine.RunAsync(args).ConfigureAwait(false);
