module example.com/ledgersync

go 1.19
