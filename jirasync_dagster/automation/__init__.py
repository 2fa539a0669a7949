"""What schedules and sensors share: the on/off switch, intervals, run requests and clients."""
