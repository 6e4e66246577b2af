import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { HealthService, type HealthReport } from './health.service';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /**
   * 200 while the server can serve (status `ok`, or `degraded` listing poison events), 503 with the
   * reasons otherwise (for load balancers and compose).
   */
  @Get()
  async check(): Promise<HealthReport> {
    const report = await this.health.check();
    if (report.status === 'unavailable') throw new ServiceUnavailableException(report);
    return report;
  }
}
