/**
 * ECharts, tree-shaken through `echarts/core` (line and bar charts, SVG renderer) and loaded only
 * by pages that draw charts. Clicking a data point calls `onSelect` with its index (drill-down).
 */
import { useEffect, useRef } from 'react'
import * as echarts from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'

echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  SVGRenderer,
])

/** Props: the ECharts option, an accessible label, and the click handler. */
export interface ChartProps {
  option: echarts.EChartsCoreOption
  label: string
  height?: number
  onSelect?: (e: { dataIndex: number; seriesIndex: number; name: string }) => void
}

/** Renders one chart and keeps it sized to its container. */
export default function Chart({ option, label, height = 280, onSelect }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const select = useRef(onSelect)
  select.current = onSelect
  useEffect(() => {
    if (!ref.current) return
    const c = echarts.init(ref.current, undefined, { renderer: 'svg' })
    chart.current = c
    c.on('click', (p) => {
      const e = p as { dataIndex: number; seriesIndex?: number; name: string }
      select.current?.({ dataIndex: e.dataIndex, seriesIndex: e.seriesIndex ?? 0, name: e.name })
    })
    const ro = new ResizeObserver(() => c.resize())
    ro.observe(ref.current)
    return () => {
      ro.disconnect()
      c.dispose()
      chart.current = null
    }
  }, [])
  useEffect(() => {
    chart.current?.setOption(
      { aria: { enabled: true, label: { description: label } }, animation: false, ...option },
      true,
    )
  }, [option, label])
  return (
    <div
      ref={ref}
      className="chart"
      style={{ height }}
      role="img"
      aria-label={label}
      data-testid="chart"
    />
  )
}
